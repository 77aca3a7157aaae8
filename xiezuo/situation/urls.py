from django.urls import path

from xiezuo.situation import views

app_name = "situation"
urlpatterns = [
    path("", views.situation_report, name="report"),
    path("export/<str:fmt>/", views.export, name="export"),
    path("archive/<int:pk>/<str:fmt>/", views.archived_file, name="archived"),
]
