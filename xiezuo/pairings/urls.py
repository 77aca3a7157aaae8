from django.urls import path

from xiezuo.pairings import views

app_name = "pairings"
urlpatterns = [
    path("", views.pairing_list, name="list"),
    path("new/", views.pairing_edit, name="create"),
    path("map/", views.pairing_map, name="map"),
    path("suggest/", views.suggest, name="suggest"),
    path("map/data/", views.pairing_map_data, name="map_data"),
    path("<int:pk>/", views.pairing_detail, name="detail"),
    path("<int:pk>/edit/", views.pairing_edit, name="edit"),
]
