from django.urls import path

from xiezuo.sheets import views

app_name = "sheets"
urlpatterns = [
    path("", views.start, name="start"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/confirm/", views.confirm, name="confirm"),
    path("mappings/<int:pk>/delete/", views.forget, name="forget"),
]
