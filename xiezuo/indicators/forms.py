from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from xiezuo.indicators.models import AnnualTarget, Indicator, ManualEntry
from xiezuo.ledgers.declare import declared_ledgers
from xiezuo.ledgers.forms import LedgerForm, RecordChoiceField


class _IndicatorChoice(RecordChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name}（{obj.unit}）"


class AnnualTargetForm(LedgerForm):
    indicator = _IndicatorChoice(label=_("指标"), queryset=Indicator.objects.all())

    class Meta:
        model = AnnualTarget
        fields = ("year", "indicator", "value", "region", "pairing", "agreement", "notes")
        help_texts = {"value": _("金额类指标以元填写"),
                      "region": _("结对的受援方；签订协议的协议文本请在保存后作为附件上传")}


class ManualEntryForm(LedgerForm):
    indicator = _IndicatorChoice(label=_("指标"), queryset=Indicator.objects.all())

    class Meta:
        model = ManualEntry
        fields = ("year", "indicator", "as_of", "value", "region", "pairing", "basis", "notes")
        help_texts = {"value": _("金额类指标以元填写")}


class IndicatorForm(forms.ModelForm):
    """A catalogue entry, edited by a national administrator. Saving may start a new
    version from a year (the current one then ends the year before), so that earlier years
    keep being computed as they were."""

    new_version_from = forms.IntegerField(
        label=_("自该年度起另立新版本"), required=False, min_value=1990, max_value=2100,
        help_text=_("留空则直接修改本条；填写年度则本条到上一年度为止，修改内容自该年度起生效"))

    class Meta:
        model = Indicator
        fields = ("code", "name", "name_en", "unit", "is_money", "side", "source",
                  "aggregation", "value_field", "filters", "also", "parent", "period_type",
                  "per_county", "valid_from", "valid_to", "sort_order", "description")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The ledgers an indicator may count: every declared one (a ledger added later
        # appears here by itself); an entry naming one not installed keeps its value.
        choices: list[tuple[str, Any]] = [("", _("（仅手工汇总）")), *sorted(
            ((ledger.model._meta.label, f"{ledger.verbose_name()}（{ledger.model._meta.label}）")
             for ledger in declared_ledgers().values()), key=lambda c: c[0])]
        current = self.instance.source if self.instance.pk else ""
        if current and current not in {value for value, _label in choices}:
            choices.append((current, current))
        self.fields["source"] = forms.ChoiceField(
            label=self.fields["source"].label, choices=choices, required=False,
            help_text=self.fields["source"].help_text)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if self.errors:
            return data
        parent = data.get("parent")
        if parent is not None and self.instance.pk and parent.pk == self.instance.pk:
            self.add_error("parent", _("上级指标不能是本指标。"))
        probe = Indicator(**{k: v for k, v in data.items()
                             if k in {f.name for f in Indicator._meta.fields}})
        for measure in probe.measures() if probe.source else []:
            model = measure.model()
            reason = measure.unavailable_reason()
            if model is not None and reason:  # an installed ledger: its fields must exist
                self.add_error("also" if measure.part else "value_field", reason)
        start = data.get("new_version_from")
        if start is not None and self.instance.pk:
            first = self.instance.valid_from
            last = self.instance.valid_to
            if (first is not None and start <= first) or (last is not None and start > last):
                self.add_error("new_version_from", _(
                    "新版本的起始年度应在本条的有效期内、且晚于其起始年度。"))
        return data
