"""The indicator catalogue (指标), manual aggregate figures and the annual targets.

An indicator is data: which ledger it counts (``source`` as ``app_label.Model``), how
(sum, count, distinct count, latest value), which rows (``filters``), which side reports it,
its 其中 parent and the years it is valid for. :mod:`xiezuo.indicators.compute` turns it into
figures; nothing about a particular indicator lives in code.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from xiezuo.core.locale import localized
from xiezuo.core.scoping import ScopedQuerySet
from xiezuo.ledgers.declare import model_of
from xiezuo.ledgers.models import LedgerRecord

#: The units of the national catalogue, named in the active language. A unit an office types
#: that is not here is shown as typed.
UNITS: dict[str, Any] = {
    "元": pgettext_lazy("unit of an indicator", "元"),
    "人": pgettext_lazy("unit of an indicator", "人"),
    "人次": pgettext_lazy("unit of an indicator", "人次"),
    "个": pgettext_lazy("unit of an indicator", "个"),
    "家": pgettext_lazy("unit of an indicator", "家"),
    "对": pgettext_lazy("unit of an indicator", "对"),
    "次": pgettext_lazy("unit of an indicator", "次"),
    "户": pgettext_lazy("unit of an indicator", "户"),
    "亩": pgettext_lazy("unit of an indicator", "亩"),
}


def unit_label(unit: str) -> str:
    """An indicator's unit in the active language."""
    return str(UNITS[unit]) if unit in UNITS else unit


class Side(models.TextChoices):
    EAST = "east", _("东部（帮扶方）填报")
    WEST = "west", _("西部（受援方）填报")
    BOTH = "both", _("双方填报")


class Aggregation(models.TextChoices):
    SUM = "sum", _("求和")
    COUNT = "count", _("计数")
    DISTINCT = "distinct", _("去重计数")
    LATEST = "latest", _("最新值")


class PeriodType(models.TextChoices):
    ANNUAL = "annual", _("年度")
    CUMULATIVE = "cumulative", _("累计")


class IndicatorQuerySet(models.QuerySet["Indicator"]):
    def for_year(self, year: int) -> IndicatorQuerySet:
        """The catalogue version valid in ``year``."""
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=year),
            Q(valid_to__isnull=True) | Q(valid_to__gte=year),
        )

    def headline(self) -> IndicatorQuerySet:
        return self.filter(parent__isnull=True)


class Indicator(models.Model):
    code = models.SlugField(_("指标代码"), max_length=40)
    name = models.CharField(_("指标名称"), max_length=100)
    name_en = models.CharField(_("英文名称"), max_length=150, blank=True)
    unit = models.CharField(_("单位"), max_length=12,
                            help_text=_("元、人、人次、个、家……金额一律以元计，显示时换算"))
    is_money = models.BooleanField(_("金额指标"), default=False)
    side = models.CharField(_("填报方"), max_length=8, choices=Side.choices, default=Side.BOTH)
    source = models.CharField(
        _("来源台账"), max_length=60, blank=True,
        help_text=_("app_label.Model，例如 funds.FundMovement；留空表示只有手工汇总数"))
    aggregation = models.CharField(_("计算方式"), max_length=10, choices=Aggregation.choices,
                                   default=Aggregation.SUM)
    value_field = models.CharField(
        _("取值字段"), max_length=80, blank=True,
        help_text=_("求和、去重计数、最新值所用的字段路径；计数时留空"))
    filters = models.JSONField(
        _("筛选条件"), default=dict, blank=True,
        help_text=_('台账记录的筛选条件，例如 {"type": "transfer", "reported_by": "donor"}'))
    parent = models.ForeignKey("self", verbose_name=_("其中（上级指标）"), null=True, blank=True,
                               on_delete=models.CASCADE, related_name="parts")
    period_type = models.CharField(_("统计周期"), max_length=10, choices=PeriodType.choices,
                                   default=PeriodType.ANNUAL)
    also = models.JSONField(
        _("另计台账"), default=list, blank=True,
        help_text=_('同一指标另外计入的台账，每项 {"source": "labour.LabourCount", '
                    '"aggregation": "sum", "value_field": "persons", "filters": {}}'))
    per_county = models.BooleanField(_("计算县均"), default=False,
                                     help_text=_("另算每个受援县的平均数"))
    valid_from = models.PositiveSmallIntegerField(_("起始年度"), null=True, blank=True)
    valid_to = models.PositiveSmallIntegerField(_("终止年度"), null=True, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)
    description = models.TextField(_("说明"), blank=True)

    objects: ClassVar[IndicatorQuerySet] = IndicatorQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("指标")
        verbose_name_plural = _("指标目录")
        ordering = ("sort_order", "code")
        constraints = [
            models.UniqueConstraint(fields=("code", "valid_from"), name="indicator_code_version",
                                    nulls_distinct=False),
        ]

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return reverse("indicators:detail", args=[self.pk])

    @property
    def label(self) -> str:
        """The name in the active language (the English name when the interface is English)."""
        return localized(self.name, self.name_en)

    @property
    def unit_label(self) -> str:
        return unit_label(self.unit)

    def source_model(self) -> type[models.Model] | None:
        """The ledger model, or None when its app is not installed (yet)."""
        if not self.source or "." not in self.source:
            return None
        return model_of(self.source)

    def measures(self) -> list[Measure]:
        """What the figure adds up: the main ledger, then each ``also`` ledger."""
        out = [Measure(self, 0, self.source, self.aggregation, self.value_field,
                       self.filters if isinstance(self.filters, dict) else {})]
        for n, extra in enumerate(self.also if isinstance(self.also, list) else [], 1):
            if isinstance(extra, dict):
                filters = extra.get("filters")
                out.append(Measure(
                    self, n, str(extra.get("source", "")),
                    str(extra.get("aggregation", Aggregation.SUM)),
                    str(extra.get("value_field", "")),
                    filters if isinstance(filters, dict) else {}))
        return out

    def unavailable_reason(self) -> str:
        """Why this indicator cannot be computed from its ledger; empty when it can."""
        if not self.source:
            return str(_("仅手工汇总"))
        for measure in self.measures():
            reason = measure.unavailable_reason()
            if reason:
                return reason
        return ""

    @property
    def is_available(self) -> bool:
        return not self.unavailable_reason()

    @property
    def is_manual_only(self) -> bool:
        return not self.source

    def clean(self) -> None:
        if self.source and "." not in self.source:
            raise ValidationError({"source": _("请按 app_label.Model 填写来源台账。")})
        if not isinstance(self.filters, dict):
            raise ValidationError({"filters": _("筛选条件应为 JSON 对象。")})
        if not isinstance(self.also, list) or not all(
                isinstance(e, dict) and "." in str(e.get("source", "")) for e in self.also):
            raise ValidationError({"also": _(
                "另计台账应为 JSON 列表，每项写明 source（app_label.Model）。")})
        if self.also and self.aggregation == Aggregation.LATEST:
            raise ValidationError({"also": _("“最新值”指标不能另计台账。")})
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("终止年度不能早于起始年度。")})


class Measure:
    """One ledger an indicator adds up (``part`` 0 is its main ledger)."""

    def __init__(self, indicator: Indicator, part: int, source: str, aggregation: str,
                 value_field: str, filters: dict[str, Any]) -> None:
        self.indicator = indicator
        self.part = part
        self.source = source
        self.aggregation = aggregation
        self.value_field = value_field
        self.filters = filters

    def __repr__(self) -> str:
        return f"<Measure {self.indicator.code}/{self.part} {self.source}>"

    @property
    def key(self) -> tuple[int, int]:
        return (self.indicator.pk, self.part)

    def model(self) -> type[models.Model] | None:
        if not self.source or "." not in self.source:
            return None
        return model_of(self.source)

    def q(self) -> Q:
        return Q(**self.filters) if self.filters else Q()

    def unavailable_reason(self) -> str:
        model = self.model()
        if model is None:
            return str(_("台账「%(s)s」尚未启用") % {"s": self.source})
        if self.aggregation not in Aggregation.values:
            return str(_("计算方式「%(a)s」无效") % {"a": self.aggregation})
        paths = [self.value_field] if self.value_field else []
        paths += [key.split("__")[0] for key in self.filters]
        for path in paths:
            if not field_exists(model, path):
                return str(_("台账「%(s)s」没有字段「%(f)s」") % {"s": self.source, "f": path})
        if self.aggregation != Aggregation.COUNT and not self.value_field:
            return str(_("未指定取值字段"))
        return ""


def field_exists(model: type[models.Model], path: str) -> bool:
    current: Any = model
    for part in path.split("__"):
        try:
            f = current._meta.get_field(part)
        except FieldDoesNotExist:
            return False
        current = getattr(f, "related_model", None) or current
    return True


class ManualEntry(LedgerRecord):
    """An aggregate figure entered by hand where the ledger is not itemised (手工汇总数).

    It adds to what the ledger gives for the same pairing, region and year, and is shown
    marked as manual wherever it counts.
    """

    indicator = models.ForeignKey(Indicator, verbose_name=_("指标"), on_delete=models.PROTECT,
                                  related_name="manual_entries")
    year = models.PositiveSmallIntegerField(_("年度"))
    as_of = models.DateField(_("截至日期"), help_text=_("这一数字统计到哪一天"))
    value = models.DecimalField(_("数值"), max_digits=18, decimal_places=2)
    basis = models.CharField(_("数据来源"), max_length=200,
                             help_text=_("例如：某县人社局 2024 年 11 月报表"))

    objects: ClassVar[ScopedQuerySet[ManualEntry]]
    objects = ScopedQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("手工汇总数")
        verbose_name_plural = _("手工汇总数")
        ordering = ("-year", "indicator__sort_order")

    def __str__(self) -> str:
        return f"{self.year} {self.indicator} {self.value}（{_('手工')}）"

    def get_absolute_url(self) -> str:
        return reverse("indicators:manual:detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        if self.value is not None and self.value < Decimal(0):
            raise ValidationError({"value": _("数值不能为负数。")})
        if self.as_of and self.year and self.as_of.year != self.year:
            raise ValidationError({"as_of": _("截至日期应在所填年度内。")})


class AnnualTarget(LedgerRecord):
    """The target a pairing signed for one indicator in one year (年度协议目标).

    The signed agreement is attached to the record as a document.
    """

    indicator = models.ForeignKey(Indicator, verbose_name=_("指标"), on_delete=models.PROTECT,
                                  related_name="targets")
    year = models.PositiveSmallIntegerField(_("年度"))
    value = models.DecimalField(_("目标值"), max_digits=18, decimal_places=2)
    agreement = models.CharField(_("协议名称/文号"), max_length=200, blank=True)

    #: both parties sign the year's agreement: either side's offices change its targets
    scope_reporting_side = "both"
    objects: ClassVar[ScopedQuerySet[AnnualTarget]]
    objects = ScopedQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("年度目标")
        verbose_name_plural = _("年度目标")
        ordering = ("-year", "pairing_id", "indicator__sort_order")
        constraints = [
            models.UniqueConstraint(fields=("pairing", "year", "indicator"),
                                    name="target_once_per_pairing_year"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.indicator}"

    def get_absolute_url(self) -> str:
        return reverse("indicators:targets:detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        if self.value is not None and self.value < Decimal(0):
            raise ValidationError({"value": _("目标值不能为负数。")})
