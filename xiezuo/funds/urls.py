from django.urls import path

from xiezuo.funds import views
from xiezuo.ledgers.declare import ledger_urls

app_name = "funds"
urlpatterns = [
    path("overview/", views.overview, name="overview"),
    path("reconciliation/", views.reconciliation, name="reconciliation"),
    path("idle/", views.idle, name="idle"),
    *ledger_urls(app_name),
]
