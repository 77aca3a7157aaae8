from xiezuo.ledgers.declare import ledger_urls

app_name = "industry"
urlpatterns = [*ledger_urls(app_name)]
