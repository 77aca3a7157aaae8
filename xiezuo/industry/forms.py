from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from xiezuo.industry.models import Enterprise, Park
from xiezuo.ledgers.forms import LedgerForm
from xiezuo.regions.forms import RegionField


class EnterpriseForm(LedgerForm):
    origin = RegionField(label=_("来源地"), required=False,
                         help_text=_("企业总部所在的省、市或县"))

    class Meta:
        model = Enterprise
        fields = ("name", "origin", "sector", "region", "pairing", "project", "park",
                  "signed_on", "started_on", "agreed_investment", "actual_investment", "jobs",
                  "jobs_local", "jobs_poverty", "notes")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].label = _("投资地")
        park = self.fields["park"]
        assert isinstance(park, forms.ModelChoiceField)
        park.queryset = Park.objects.visible_to(self.user)


class ParkForm(LedgerForm):
    class Meta:
        model = Park
        fields = ("name", "region", "pairing", "partner", "established_on", "planned_area",
                  "donor_investment", "address", "notes")
