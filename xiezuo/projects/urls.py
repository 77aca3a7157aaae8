from django.urls import path

from xiezuo.ledgers.declare import ledger_urls
from xiezuo.projects import views

app_name = "projects"
urlpatterns = [
    *ledger_urls(app_name),
    path("<int:pk>/advance/", views.project_advance, name="advance"),
]
