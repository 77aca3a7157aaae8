from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from xiezuo.indicators.models import AnnualTarget, Indicator, ManualEntry
from xiezuo.ledgers.forms import LedgerForm


class _IndicatorChoice(forms.ModelChoiceField):
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
