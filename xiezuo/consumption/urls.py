from xiezuo.ledgers.declare import ledger_urls

app_name = "consumption"
urlpatterns = [*ledger_urls(app_name)]
