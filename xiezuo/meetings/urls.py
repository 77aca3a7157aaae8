from xiezuo.ledgers.declare import ledger_urls

app_name = "meetings"
urlpatterns = [*ledger_urls(app_name)]
