from xiezuo.ledgers.declare import ledger_urls

app_name = "social"
urlpatterns = [*ledger_urls(app_name)]
