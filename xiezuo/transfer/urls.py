from django.urls import path

from xiezuo.transfer import views

app_name = "transfer"
urlpatterns = [
    path("", views.job_list, name="jobs"),
    path("jobs/<int:pk>/", views.job_detail, name="job"),
    path("jobs/<int:pk>/progress/", views.job_progress, name="progress"),
    path("jobs/<int:pk>/commit/", views.job_commit, name="commit"),
    path("jobs/<int:pk>/retry/", views.job_retry, name="retry"),
    path("jobs/<int:pk>/file/<str:what>/", views.job_file, name="file"),
    path("import/<str:key>/", views.import_start, name="import"),
    path("import/<str:key>/template/", views.import_template, name="template"),
    path("export/<str:key>/<str:fmt>/", views.export_start, name="export"),
]
