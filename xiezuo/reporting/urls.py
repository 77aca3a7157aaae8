from django.urls import path

from xiezuo.reporting import views

app_name = "reporting"

urlpatterns = [
    path("", views.submission_list, name="list"),
    path("inbox/", views.inbox, name="inbox"),
    path("bulk/", views.bulk, name="bulk"),
    path("<int:pk>/", views.submission_detail, name="detail"),
    path("<int:pk>/step/", views.submission_step, name="step"),
    path("<int:pk>/no-data/", views.declare, name="declare"),
    path("<int:pk>/explain/", views.explain, name="explain"),
    path("<int:pk>/no-data/all/", views.declare_all, name="declare_all"),
    path("open/<int:data_set>/<str:start>/", views.open_period, name="open"),
    path("rates/", views.rates, name="rates"),
    path("rates/remind/", views.remind, name="remind"),
    path("quality/", views.quality, name="quality"),
    path("quality-rules/", views.quality_rules, name="quality_rules"),
    path("quality-rules/new/", views.quality_rule_edit, name="quality_rule_create"),
    path("quality-rules/<int:pk>/edit/", views.quality_rule_edit, name="quality_rule_edit"),
    path("data-sets/", views.data_sets, name="data_sets"),
    path("data-sets/new/", views.data_set_edit, name="data_set_create"),
    path("data-sets/<int:pk>/edit/", views.data_set_edit, name="data_set_edit"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/unread/", views.unread, name="unread"),
    path("notifications/<int:pk>/read/", views.notification_read, name="notification_read"),
    path("notifications/read-all/", views.notifications_read_all,
         name="notifications_read_all"),
]
