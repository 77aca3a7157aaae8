from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from xiezuo.labour.models import LabourCount, LabourRecord, TrainingBase
from xiezuo.ledgers.forms import LedgerForm


class LabourRecordForm(LedgerForm):
    region_levels = ["county"]

    class Meta:
        model = LabourRecord
        fields = ("year", "name", "id_number", "phone", "region", "pairing", "village",
                  "status", "destination", "workplace", "employer", "start_date",
                  "monthly_income", "organised", "training_base", "notes")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].label = _("户籍所在县")
        base = self.fields["training_base"]
        assert isinstance(base, forms.ModelChoiceField)
        base.queryset = TrainingBase.objects.visible_to(self.user)
        if not self.instance.pk:
            self.fields["year"].initial = dt.date.today().year


class LabourCountForm(LedgerForm):
    region_levels = ["county"]

    class Meta:
        model = LabourCount
        fields = ("year", "region", "pairing", "period_start", "period_end", "destination",
                  "persons", "persons_poverty", "persons_monitored", "persons_organised",
                  "notes")


class TrainingBaseForm(LedgerForm):
    class Meta:
        model = TrainingBase
        fields = ("name", "trade", "region", "pairing", "operator", "partner",
                  "established_on", "address", "yearly_capacity", "is_active", "notes")
