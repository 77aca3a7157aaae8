from django.urls import include, path

from xiezuo.labour import views
from xiezuo.labour.ledger import LabourCountLedger, LabourRecordLedger, TrainingBaseLedger

app_name = "labour"
urlpatterns = [
    path("figures/", views.labour_figures, name="figures"),
    path("people/", include((LabourRecordLedger.urls(), "people"))),
    path("counts/", include((LabourCountLedger.urls(), "counts"))),
    path("bases/", include((TrainingBaseLedger.urls(), "bases"))),
]
