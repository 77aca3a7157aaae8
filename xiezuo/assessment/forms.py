"""Editing an assessment scheme outside the admin: the scheme and its items, validated
together (weights add up to 100, grade boundaries in order, steps well formed)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from xiezuo.assessment.models import Item, Rule, Scheme
from xiezuo.indicators.models import Indicator

#: rules whose weights make up the 100 points (the others deduct or add on top)
SCORED = (Rule.RATIO, Rule.STEPS)
FULL_MARKS = Decimal(100)


class SchemeForm(forms.ModelForm):
    class Meta:
        model = Scheme
        fields = ("year", "name", "level", "cutoff_month", "cutoff_day", "good_from",
                  "fairly_good_from", "fair_from", "notes")

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        month, day = data.get("cutoff_month"), data.get("cutoff_day")
        if month is not None and day is not None:
            import datetime as dt

            try:
                dt.date(2001, month, day)
            except ValueError:
                self.add_error("cutoff_day", _("统计截止日期无效。"))
        good, fairly, fair = (data.get(k) for k in ("good_from", "fairly_good_from",
                                                     "fair_from"))
        if None not in (good, fairly, fair):
            if not good >= fairly >= fair:  # type: ignore[operator]
                self.add_error("fairly_good_from", _("等次分数线应为 好 ≥ 较好 ≥ 一般。"))
            if good > FULL_MARKS or fair < 0:  # type: ignore[operator]
                self.add_error("good_from", _("等次分数线应在 0 至 100 分之间。"))
        return data


class ItemForm(forms.ModelForm):
    indicator = forms.ModelChoiceField(label=_("指标"), queryset=Indicator.objects.all())
    steps = forms.JSONField(label=_("分档"), required=False,
                            help_text=_("[[完成率下限, 得分比例], …]，例如 [[1, 1], [0.9, 0.8]]"))

    class Meta:
        model = Item
        fields = ("indicator", "rule", "weight", "cap", "steps", "threshold", "sort_order")

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        rule, weight, cap = data.get("rule"), data.get("weight"), data.get("cap")
        if weight is not None and weight < 0:
            self.add_error("weight", _("分值不能为负数。"))
        if cap is not None and cap <= 0:
            self.add_error("cap", _("完成率封顶应大于 0。"))
        steps = data.get("steps") or []
        if rule == Rule.STEPS:
            try:
                pairs = [(Decimal(str(a)), Decimal(str(b))) for a, b in steps]
            except (TypeError, ValueError, ArithmeticError):
                pairs = []
            if not pairs:
                self.add_error("steps", _("分档应为 [[完成率下限, 得分比例], …]。"))
            elif any(b < 0 or b > 1 or a < 0 for a, b in pairs):
                self.add_error("steps", _("完成率下限不能为负，得分比例应在 0 至 1 之间。"))
            elif [a for a, _b in pairs] != sorted({a for a, _b in pairs}, reverse=True):
                self.add_error("steps", _("分档的完成率下限应从高到低排列且不重复。"))
        data["steps"] = steps
        if rule == Rule.BONUS and data.get("threshold") is None:
            self.add_error("threshold", _("加分项须填写加分门槛。"))
        return data


class BaseItemFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        total = Decimal(0)
        kept = 0
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE"):
                continue
            kept += 1
            if data.get("rule") in SCORED:
                total += data.get("weight") or 0
        if kept and total != FULL_MARKS:
            raise ValidationError(_("计分指标（完成率、分档）的分值合计应为 100，现为 %(t)s。")
                                  % {"t": total.normalize()})


ItemFormSet = forms.inlineformset_factory(
    Scheme, Item, form=ItemForm, formset=BaseItemFormSet, extra=2, can_delete=True)
