from django.urls import path

from xiezuo.notices import views

app_name = "notices"
urlpatterns = [
    path("", views.notice_list, name="list"),
    path("new/", views.notice_create, name="create"),
    path("<int:pk>/", views.notice_detail, name="detail"),
    path("<int:pk>/read/", views.notice_read, name="read"),
    path("<int:pk>/attachments/<int:attachment_pk>/", views.notice_attachment,
         name="attachment"),
]
