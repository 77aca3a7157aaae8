from django.urls import path

from xiezuo.regions import views

app_name = "regions"
urlpatterns = [
    path("", views.region_list, name="list"),
    path("suggest/", views.suggest, name="suggest"),
    path("<str:code>/", views.region_detail, name="detail"),
]
