"""The annual assessment (考核 / 成效评价): a scheme per year is data — items with weights
and scoring rules, grade boundaries, optional county classes — and a run stores every
pairing's score, grade, rank and the explanation of each point."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from xiezuo.core.models import ACTION_LABELS, AuditedModel
from xiezuo.core.scoping import ScopedQuerySet
from xiezuo.regions.models import Level

ACTION_LABELS.update({"assess": _("考核计分")})


class Grade(models.TextChoices):
    GOOD = "good", _("好")
    FAIRLY_GOOD = "fairly_good", _("较好")
    FAIR = "fair", _("一般")
    POOR = "poor", _("差")


class Rule(models.TextChoices):
    RATIO = "ratio", _("完成率×权重（封顶）")
    STEPS = "steps", _("分档计分")
    YOY_PENALTY = "yoy_penalty", _("同比下降扣分")
    BONUS = "bonus", _("加分项")


class Scheme(AuditedModel):
    year = models.PositiveSmallIntegerField(_("考核年度"))
    name = models.CharField(_("方案名称"), max_length=100)
    level = models.CharField(_("考核对象层级"), max_length=12, choices=Level.choices,
                             default=Level.COUNTY,
                             help_text=_("按受援方级别选出参加考核的结对"))
    cutoff_month = models.PositiveSmallIntegerField(_("统计截止月"), default=11)
    cutoff_day = models.PositiveSmallIntegerField(_("统计截止日"), default=30)
    good_from = models.DecimalField(_("“好”最低分"), max_digits=6, decimal_places=2,
                                    default=Decimal(90))
    fairly_good_from = models.DecimalField(_("“较好”最低分"), max_digits=6, decimal_places=2,
                                           default=Decimal(80))
    fair_from = models.DecimalField(_("“一般”最低分"), max_digits=6, decimal_places=2,
                                    default=Decimal(60))

    class Meta:
        verbose_name = _("考核方案")
        verbose_name_plural = _("考核方案")
        ordering = ("-year", "name")

    def __str__(self) -> str:
        return f"{self.year} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("assessment:scheme", args=[self.pk])

    @property
    def cutoff(self) -> tuple[int, int]:
        return (self.cutoff_month, self.cutoff_day)

    def grade_for(self, score: Decimal) -> str:
        if score >= self.good_from:
            return Grade.GOOD
        if score >= self.fairly_good_from:
            return Grade.FAIRLY_GOOD
        if score >= self.fair_from:
            return Grade.FAIR
        return Grade.POOR

    def clean(self) -> None:
        if not self.good_from >= self.fairly_good_from >= self.fair_from:
            raise ValidationError(_("等次分数线应为 好 ≥ 较好 ≥ 一般。"))


def _percent(value: Any) -> str:
    """0.9 → 90%, 1 → 100%, 0.855 → 85.5%."""
    try:
        number = Decimal(str(value)) * 100
    except (ArithmeticError, ValueError):
        return str(value)
    text = f"{number:.1f}".rstrip("0").rstrip(".")
    return f"{text}%"


class Item(models.Model):
    """One line of a scheme: an indicator, its weight and how it scores."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="items")
    indicator = models.ForeignKey("indicators.Indicator", verbose_name=_("指标"),
                                  on_delete=models.PROTECT, related_name="+")
    rule = models.CharField(_("计分规则"), max_length=12, choices=Rule.choices,
                            default=Rule.RATIO)
    weight = models.DecimalField(_("分值"), max_digits=6, decimal_places=2, default=Decimal(0),
                                 help_text=_("满分；扣分项、加分项为扣或加的分数"))
    cap = models.DecimalField(_("完成率封顶"), max_digits=6, decimal_places=2,
                              default=Decimal(1),
                              help_text=_("完成率超过此值按此值计，1 即 100%"))
    steps = models.JSONField(
        _("分档"), default=list, blank=True,
        help_text=_("[[完成率下限, 得分比例], …]，例如 [[1, 1], [0.9, 0.8], [0.8, 0.5]]"))
    threshold = models.DecimalField(_("加分门槛"), max_digits=18, decimal_places=2,
                                    null=True, blank=True,
                                    help_text=_("加分项：实际值达到此数即加分"))
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("考核指标")
        verbose_name_plural = _("考核指标")
        ordering = ("sort_order", "pk")

    def __str__(self) -> str:
        return f"{self.indicator} · {self.get_rule_display()}"

    def describe(self, unit: str = "wan") -> str:
        """The rule's parameters as a person reads them: rates in per cent, a money threshold
        in ``unit`` with separators."""
        if self.rule == Rule.RATIO:
            return _("完成率封顶 %(cap)s") % {"cap": _percent(self.cap)}
        if self.rule == Rule.STEPS and isinstance(self.steps, list):
            parts = [_("完成率 ≥ %(rate)s 得 %(share)s") % {
                "rate": _percent(s[0]), "share": _percent(s[1])}
                for s in self.steps if isinstance(s, list | tuple) and len(s) == 2]
            return "；".join(parts)
        if self.rule == Rule.BONUS and self.threshold is not None:
            if self.indicator.is_money:
                from xiezuo.core.money import format_amount

                amount = format_amount(self.threshold, unit)
            else:
                amount = f"{self.threshold.normalize():,f} {self.indicator.unit_label}".strip()
            return _("实际值达到 %(amount)s 即加分") % {"amount": amount}
        if self.rule == Rule.YOY_PENALTY:
            return str(_("比上年下降即扣分"))
        return ""

    def clean(self) -> None:
        if self.rule == Rule.STEPS:
            ok = isinstance(self.steps, list) and all(
                isinstance(s, list) and len(s) == 2 for s in self.steps)
            if not ok or not self.steps:
                raise ValidationError({"steps": _("分档应为 [[完成率下限, 得分比例], …]。")})
        if self.rule == Rule.BONUS and self.threshold is None:
            raise ValidationError({"threshold": _("加分项须填写加分门槛。")})


class CountyClass(models.Model):
    """An optional class of recipients scored and ranked separately (e.g. 重点帮扶县)."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="classes")
    name = models.CharField(_("类别名称"), max_length=50)
    regions = models.ManyToManyField("regions.Region", verbose_name=_("受援地区"),
                                     related_name="+")

    class Meta:
        verbose_name = _("分类考核类别")
        verbose_name_plural = _("分类考核类别")

    def __str__(self) -> str:
        return self.name


class Run(AuditedModel):
    scheme = models.ForeignKey(Scheme, verbose_name=_("考核方案"), on_delete=models.CASCADE,
                               related_name="runs")
    seconds = models.FloatField(_("用时（秒）"), default=0)

    class Meta:
        verbose_name = _("考核结果")
        verbose_name_plural = _("考核结果")
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"{self.scheme} · {self.created_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("assessment:run", args=[self.pk])


class Result(models.Model):
    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="results")
    pairing = models.ForeignKey("pairings.Pairing", verbose_name=_("结对关系"),
                                on_delete=models.CASCADE, related_name="+")
    county_class = models.CharField(_("类别"), max_length=50, blank=True)
    score = models.DecimalField(_("得分"), max_digits=8, decimal_places=2)
    grade = models.CharField(_("等次"), max_length=12, choices=Grade.choices)
    rank = models.PositiveIntegerField(_("名次"))
    #: one entry per item: indicator, rule, actual, target, ratio, points, drill-down link
    explanation = models.JSONField(_("得分说明"), default=list)

    scope_pairings = ("pairing",)
    objects: ClassVar[ScopedQuerySet[Result]]
    objects = ScopedQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("考核得分")
        verbose_name_plural = _("考核得分")
        ordering = ("county_class", "rank", "pk")

    def __str__(self) -> str:
        return f"{self.pairing_id} {self.score}"

    @property
    def lines(self) -> list[dict[str, Any]]:
        return list(self.explanation)
