from django.urls import path

from xiezuo.news import views

app_name = "news"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("upload/", views.upload, name="upload"),
    path("<int:pk>/", views.review, name="review"),
    path("<int:pk>/reject/", views.reject, name="reject"),
]
