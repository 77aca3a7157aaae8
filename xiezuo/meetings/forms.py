from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from xiezuo.ledgers.forms import LedgerForm
from xiezuo.ledgers.inlines import InlineForm
from xiezuo.meetings.models import Agreement, Meeting, Source


class MeetingForm(LedgerForm):
    class Meta:
        model = Meeting
        fields = ("type", "title", "start_date", "end_date", "place", "region", "pairing",
                  "direction", "summary", "funds_handed_over", "funds_note", "notes")


class AgreementForm(LedgerForm):
    class Meta:
        model = Agreement
        fields = ("title", "kind", "party_a", "party_b", "meeting", "signed_on", "amount",
                  "region", "pairing", "notes")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        meeting = self.fields["meeting"]
        assert isinstance(meeting, forms.ModelChoiceField)
        meeting.queryset = Meeting.objects.visible_to(self.user)

    def clean(self) -> dict[str, Any]:
        meeting = self.cleaned_data.get("meeting")
        if meeting is not None and not self.cleaned_data.get("signed_on"):
            self.cleaned_data["signed_on"] = meeting.start_date
        return super().clean()


class AgreementRowForm(InlineForm):
    """An agreement typed on its meeting's page: pairing and region come from the meeting."""

    class Meta:
        model = Agreement
        fields = ("title", "kind", "party_a", "party_b", "signed_on", "amount")


class SourceRowForm(InlineForm):
    url = forms.URLField(label=_("网址"), max_length=500, required=False, assume_scheme="https")

    class Meta:
        model = Source
        fields = ("title", "publisher", "published_on", "url")
