from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from xiezuo.ledgers.declare import declared_ledgers
from xiezuo.regions.models import Region, RegionLookupError
from xiezuo.reporting.models import DataSet, Status


class SubmissionFilter(forms.Form):
    """The filter bar of the submissions list."""

    STATUS_CHOICES = [("", _("全部状态")), *Status.choices, ("returned", _("已退回"))]

    data_set = forms.ModelChoiceField(DataSet.objects.all(), label=_("报送事项"), required=False,
                                      empty_label=_("全部"))
    period = forms.CharField(label=_("报送期"), required=False,
                             widget=forms.TextInput(attrs={"type": "month"}),
                             help_text=_("如 2026-10"))
    status = forms.ChoiceField(label=_("状态"), choices=STATUS_CHOICES, required=False)
    region = forms.CharField(label=_("地区（含下级）"), required=False)
    overdue = forms.BooleanField(label=_("只看逾期"), required=False)

    def clean_period(self) -> dt.date | None:
        text = (self.cleaned_data.get("period") or "").strip()
        if not text:
            return None
        try:
            return dt.datetime.strptime(text[:7], "%Y-%m").date()
        except ValueError as exc:
            raise forms.ValidationError(_("报送期请写成 2026-10 的形式。")) from exc

    def clean_region(self) -> Region | None:
        text = (self.cleaned_data.get("region") or "").strip()
        if not text:
            return None
        try:
            return Region.objects.resolve(text)
        except RegionLookupError as exc:
            raise forms.ValidationError(str(exc)) from exc


class DataSetForm(forms.ModelForm):
    ledgers = forms.MultipleChoiceField(label=_("涵盖台账"), choices=(), required=False,
                                        widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = DataSet
        fields = ("name", "all_ledgers", "ledgers", "frequency", "deadline_day", "owed_by",
                  "start_date", "active", "notes")
        widgets = {"start_date": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ledgers"].choices = sorted(  # type: ignore[attr-defined]
            ((label, str(ledger.verbose_name())) for label, ledger in declared_ledgers().items()),
            key=lambda c: c[0])

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        if not cleaned.get("all_ledgers") and not cleaned.get("ledgers"):
            self.add_error("ledgers", _("请勾选涵盖的台账，或选择涵盖全部工作台账。"))
        return cleaned

    def clean_deadline_day(self) -> int:
        day = self.cleaned_data["deadline_day"]
        if not 1 <= day <= 31:
            raise forms.ValidationError(_("截止日应在 1 到 31 之间。"))
        return int(day)


class RatesFilter(forms.Form):
    """The reporting-rates page's choice: a data set, a period and a region."""

    data_set = forms.ModelChoiceField(DataSet.objects.filter(active=True), label=_("报送事项"),
                                      required=False, empty_label=None)
    period = forms.CharField(label=_("报送期"), required=False,
                             widget=forms.TextInput(attrs={"type": "month"}),
                             help_text=_("如 2026-10"))
    region = forms.CharField(label=_("地区（含下级）"), required=False)

    clean_period = SubmissionFilter.clean_period
    clean_region = SubmissionFilter.clean_region
