from django.urls import include, path

from xiezuo.industry.ledger import EnterpriseLedger, ParkLedger

app_name = "industry"
urlpatterns = [
    path("enterprises/", include((EnterpriseLedger.urls(), "enterprises"))),
    path("parks/", include((ParkLedger.urls(), "parks"))),
]
