from django.urls import path

from xiezuo.assessment import views

app_name = "assessment"
urlpatterns = [
    path("", views.scheme_list, name="schemes"),
    path("schemes/new/", views.scheme_edit, name="scheme_new"),
    path("schemes/<int:pk>/", views.scheme_detail, name="scheme"),
    path("schemes/<int:pk>/edit/", views.scheme_edit, name="scheme_edit"),
    path("schemes/<int:pk>/run/", views.scheme_run, name="scheme_run"),
    path("runs/<int:pk>/", views.run_detail, name="run"),
    path("runs/<int:pk>/export/<str:fmt>/", views.run_export, name="export"),
]
