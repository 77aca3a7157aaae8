from django.urls import path

from xiezuo.delivery import views

app_name = "delivery"
urlpatterns = [
    path("preferences/", views.preferences, name="preferences"),
    path("deliveries/", views.deliveries, name="deliveries"),
]
