from django.urls import path

from xiezuo.indicators import views
from xiezuo.ledgers.declare import ledger_urls

app_name = "indicators"
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("new/", views.indicator_edit, name="new"),
    path("<int:pk>/", views.indicator_detail, name="detail"),
    path("<int:pk>/edit/", views.indicator_edit, name="edit"),
    path("dashboard/", views.dashboard_home, name="dashboard"),
    path("dashboard/country/", views.dashboard_region, name="country"),
    path("dashboard/region/<str:code>/", views.dashboard_region, name="region"),
    path("dashboard/pairing/<int:pk>/", views.dashboard_pairing, name="pairing"),
    path("drill/", views.drill, name="drill"),
    *ledger_urls(app_name),
]
