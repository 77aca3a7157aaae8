from xiezuo.consumption.ledger import ConsumptionLedger

app_name = "consumption"
urlpatterns = [*ConsumptionLedger.urls()]
