from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from xiezuo.ledgers.forms import LedgerForm
from xiezuo.people.models import Cadre, Team, Training


class CadreForm(LedgerForm):
    class Meta:
        model = Cadre
        fields = ("name", "id_number", "phone", "direction", "type", "region", "pairing",
                  "home_unit", "host_unit", "post", "team", "start_date", "end_date", "notes")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].label = _("任职地区")
        self.fields["region"].help_text = _("干部人才工作所在的县或市州")
        team = self.fields["team"]
        assert isinstance(team, forms.ModelChoiceField)
        team.queryset = Team.objects.visible_to(self.user).select_related("region")


class TeamForm(LedgerForm):
    class Meta:
        model = Team
        fields = ("name", "kind", "region", "pairing", "host_unit", "start_date", "end_date",
                  "notes")


class TrainingForm(LedgerForm):
    class Meta:
        model = Training
        fields = ("topic", "target_group", "region", "pairing", "start_date", "end_date",
                  "place", "organiser", "participants", "participants_poverty", "notes")
