from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from xiezuo.core import views as core_views

urlpatterns = [
    path("", include("xiezuo.core.urls")),
    path("accounts/", include("xiezuo.accounts.urls")),
    path("regions/", include("xiezuo.regions.urls")),
    path("pairings/", include("xiezuo.pairings.urls")),
    path("projects/", include("xiezuo.projects.urls")),
    path("funds/", include("xiezuo.funds.urls")),
    path("people/", include("xiezuo.people.urls")),
    path("labour/", include("xiezuo.labour.urls")),
    path("consumption/", include("xiezuo.consumption.urls")),
    path("industry/", include("xiezuo.industry.urls")),
    path("social/", include("xiezuo.social.urls")),
    path("meetings/", include("xiezuo.meetings.urls")),
    path("news/", include("xiezuo.news.urls")),
    path("indicators/", include("xiezuo.indicators.urls")),
    path("assessment/", include("xiezuo.assessment.urls")),
    path("transfer/", include("xiezuo.transfer.urls")),
    path("sheets/", include("xiezuo.sheets.urls")),
    path("checklists/", include("xiezuo.checklists.urls")),
    path("situation/", include("xiezuo.situation.urls")),
    path("reporting/", include("xiezuo.reporting.urls")),
    path("opendata/", include("xiezuo.opendata.urls")),
    path("api/v1/", include("xiezuo.api.urls")),
    path("i18n/setlang/", core_views.login_free(set_language), name="set_language"),
    path("admin/", admin.site.urls),
]

handler403 = "xiezuo.core.views.forbidden"
handler404 = "xiezuo.core.views.not_found"
handler500 = "xiezuo.core.views.server_error"
