from django.urls import path

from xiezuo.opendata import views

app_name = "opendata"
urlpatterns = [
    path("", views.index, name="index"),
    path("iati.<str:fmt>", views.export, name="export"),
]
