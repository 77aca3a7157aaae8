from django.urls import include, path

from xiezuo.people import views
from xiezuo.people.ledger import CadreLedger, TeamLedger, TrainingLedger

app_name = "people"
urlpatterns = [
    path("cadres/figures/", views.cadre_figures, name="figures"),
    path("cadres/", include((CadreLedger.urls(), "cadres"))),
    path("teams/", include((TeamLedger.urls(), "teams"))),
    path("trainings/", include((TrainingLedger.urls(), "trainings"))),
]
