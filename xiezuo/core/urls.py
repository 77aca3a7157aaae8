from django.urls import path

from xiezuo.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("audit/", views.audit_log, name="audit"),
    path("search/", views.search, name="search"),
    path("audit/export/", views.audit_export, name="audit_export"),
]
