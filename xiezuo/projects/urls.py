from django.urls import path

from xiezuo.projects import views
from xiezuo.projects.ledger import ProjectLedger

app_name = "projects"
urlpatterns = [
    *ProjectLedger.urls(),
    path("<int:pk>/advance/", views.project_advance, name="advance"),
]
