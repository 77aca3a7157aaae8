from django.urls import path

from xiezuo.ledgers.declare import ledger_urls
from xiezuo.people import views

app_name = "people"
urlpatterns = [
    path("cadres/figures/", views.cadre_figures, name="figures"),
    *ledger_urls(app_name),
]
