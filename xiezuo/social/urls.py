from xiezuo.social.ledger import SocialPairingLedger

app_name = "social"
urlpatterns = [*SocialPairingLedger.urls()]
