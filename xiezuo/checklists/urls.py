from django.urls import path

from xiezuo.checklists import views
from xiezuo.ledgers.declare import ledger_urls

app_name = "checklists"
urlpatterns = [
    path("tasks/checklist/", views.checklist_page, name="checklist"),
    path("tasks/<int:pk>/tick/", views.tick, name="tick"),
    path("tasks/<int:pk>/reopen/", views.reopen, name="reopen"),
    path("tasks/from/<str:kind>/<int:pk>/", views.from_source, name="from_source"),
    path("problems/rates/", views.rates, name="rates"),
    path("problems/<int:pk>/clear/", views.clear, name="clear"),
    *ledger_urls(app_name),
]
