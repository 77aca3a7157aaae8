from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from xiezuo.ledgers.forms import LedgerForm
from xiezuo.projects.models import Project, Sector, Status


class ProjectForm(LedgerForm):
    region_levels = ["county"]

    class Meta:
        model = Project
        fields = ("year", "region", "pairing", "name", "township", "village", "sector",
                  "implementing_unit", "content", "planned_start", "planned_finish",
                  "budget_fiscal", "budget_social", "budget_local", "budget_other",
                  "benefit_type", "benefit_mechanism", "beneficiaries", "beneficiaries_poverty",
                  "beneficiaries_monitored", "households", "jobs_created", "asset_owner",
                  "donor_consent", "consent_date", "notes")
        labels = {"region": _("所在县")}

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        sector = self.fields["sector"]
        assert isinstance(sector, forms.ModelChoiceField)
        sector.queryset = Sector.objects.filter(is_active=True)
        self.fields["region"].label = _("所在县")
        if not self.instance.pk:
            self.fields["year"].initial = dt.date.today().year


class AdvanceForm(forms.Form):
    to_status = forms.ChoiceField(label=_("新状态"), choices=Status.choices)
    date = forms.DateField(label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("说明"), required=False, max_length=200)
