from django.urls import include, path

from xiezuo.meetings.ledger import AgreementLedger, MeetingLedger

app_name = "meetings"
urlpatterns = [
    path("agreements/", include((AgreementLedger.urls(), "agreements"))),
    path("", include((MeetingLedger.urls(), "meetings"))),
]
