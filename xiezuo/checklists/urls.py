from django.urls import include, path

from xiezuo.checklists import views
from xiezuo.checklists.ledger import ProblemLedger, TaskLedger, VisitLedger

app_name = "checklists"
urlpatterns = [
    path("tasks/checklist/", views.checklist_page, name="checklist"),
    path("tasks/<int:pk>/tick/", views.tick, name="tick"),
    path("tasks/<int:pk>/reopen/", views.reopen, name="reopen"),
    path("tasks/from/<str:kind>/<int:pk>/", views.from_source, name="from_source"),
    path("tasks/", include((TaskLedger.urls(), "tasks"))),
    path("problems/rates/", views.rates, name="rates"),
    path("problems/<int:pk>/clear/", views.clear, name="clear"),
    path("problems/", include((ProblemLedger.urls(), "problems"))),
    path("visits/", include((VisitLedger.urls(), "visits"))),
]
