from django.urls import path

from xiezuo.labour import views
from xiezuo.ledgers.declare import ledger_urls

app_name = "labour"
urlpatterns = [
    path("figures/", views.labour_figures, name="figures"),
    *ledger_urls(app_name),
]
