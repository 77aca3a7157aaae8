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


class QualityRuleForm(forms.ModelForm):
    """A rule names a declared ledger and numeric fields of it; each kind its own values."""

    ledger = forms.ChoiceField(label=_("台账"), choices=())

    class Meta:
        from xiezuo.reporting.models import QualityRule

        model = QualityRule
        fields = ("name", "ledger", "field", "kind", "minimum", "maximum", "other_field",
                  "ratio", "threshold", "min_history", "active", "notes")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ledger"].choices = sorted(  # type: ignore[attr-defined]
            ((label, f"{ledger.verbose_name()}（{label}）")
             for label, ledger in declared_ledgers().items()), key=lambda c: c[0])
        for name in ("threshold", "min_history"):  # asked of outlier rules only
            self.fields[name].required = False

    def _numeric(self, model: Any, name: str, key: str) -> None:
        from django.core.exceptions import FieldDoesNotExist
        from django.db import models

        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            self.add_error(key, _("台账中没有字段「%(f)s」。") % {"f": name})
            return
        if not isinstance(field, models.DecimalField | models.IntegerField | models.FloatField):
            self.add_error(key, _("字段「%(f)s」不是数值字段。") % {"f": name})

    def clean(self) -> dict[str, Any]:
        from xiezuo.ledgers.declare import model_of
        from xiezuo.reporting.models import RuleKind

        cleaned: dict[str, Any] = super().clean() or {}
        model = model_of(cleaned.get("ledger") or "")
        if model is None:
            return cleaned
        if cleaned.get("field"):
            self._numeric(model, cleaned["field"], "field")
        kind = cleaned.get("kind")
        if kind == RuleKind.RANGE:
            low, high = cleaned.get("minimum"), cleaned.get("maximum")
            if low is None and high is None:
                self.add_error("minimum", _("取值范围规则须填写下限或上限。"))
            elif low is not None and high is not None and low > high:
                self.add_error("maximum", _("上限不能小于下限。"))
        elif kind == RuleKind.RELATION:
            if not cleaned.get("other_field"):
                self.add_error("other_field", _("字段关系规则须填写对比字段。"))
            else:
                self._numeric(model, cleaned["other_field"], "other_field")
        elif kind == RuleKind.YEAR_ON_YEAR:
            ratio = cleaned.get("ratio")
            if ratio is None or ratio <= 1:
                self.add_error("ratio", _("同比倍数须大于 1。"))
        for name in ("threshold", "min_history"):
            if cleaned.get(name) is None and kind != RuleKind.OUTLIER:
                cleaned[name] = self._meta.model._meta.get_field(name).get_default()
        if kind == RuleKind.OUTLIER:
            threshold = cleaned.get("threshold")
            if threshold is None or threshold <= 0:
                self.add_error("threshold", _("异常值阈值 k 须大于 0（常用 3.5）。"))
            if (cleaned.get("min_history") or 0) < 3:
                self.add_error("min_history", _("最少历史期数不能少于 3。"))
        return cleaned


class QualityFilter(forms.Form):
    """The data quality page's choice: a period, a region of the user's scope (the counties
    that report and the prefectures and provinces above them), a rule, explained or not."""

    EXPLAINED_CHOICES = [("", _("全部")), ("yes", _("已说明")), ("no", _("未说明"))]

    period = forms.CharField(label=_("报送期"), required=False,
                             widget=forms.TextInput(attrs={"type": "month"}),
                             help_text=_("如 2026-10"))
    region = forms.ChoiceField(label=_("地区（含下级）"), required=False, choices=())
    rule: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        None, label=_("规则"), required=False, empty_label=_("全部规则"))
    explained = forms.ChoiceField(label=_("情况说明"), choices=EXPLAINED_CHOICES,
                                  required=False)

    clean_period = SubmissionFilter.clean_period

    def __init__(self, *args: Any, regions: list[Region], **kwargs: Any) -> None:
        from xiezuo.reporting.models import QualityRule

        super().__init__(*args, **kwargs)
        self.regions = {str(r.pk): r for r in regions}
        self.fields["region"].choices = [  # type: ignore[attr-defined]
            ("", _("全部")),
            *((str(r.pk), "\u3000" * (r.depth - 1) + r.name) for r in regions)]
        self.fields["rule"].queryset = QualityRule.objects.all()  # type: ignore[attr-defined]

    def clean_region(self) -> Region | None:
        code = self.cleaned_data.get("region") or ""
        return self.regions.get(code)
