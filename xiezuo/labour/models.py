"""Labour cooperation (劳务协作): rural labourers helped into jobs, one record per person and
year; count-only entries for places that report totals; training bases (培训基地)."""

from __future__ import annotations

import logging
from decimal import Decimal
from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from xiezuo.core.money import MoneyField, format_amount
from xiezuo.core.personal import IdNumberField, PhoneField, age_on, mask
from xiezuo.core.scoping import ScopedQuerySet
from xiezuo.ledgers.models import LedgerRecord

logger = logging.getLogger(__name__)

#: a monthly income outside this range (yuan) is taken for a unit mistake
INCOME_RANGE = (Decimal(100), Decimal(100_000))
WORKING_AGE = 16


class Status(models.TextChoices):
    POVERTY = "poverty", _("脱贫劳动力")
    MONITORED = "monitored", _("监测对象")
    OTHER = "other", _("其他农村劳动力")


class Destination(models.TextChoices):
    DONOR = "donor", _("到帮扶方地区就业")
    PROVINCE = "province", _("省内就业")
    NEAR_HOME = "near_home", _("就近就业")
    ELSEWHERE = "elsewhere", _("其他地区就业")


class BaseQuerySet(ScopedQuerySet["TrainingBase"]):
    pass


class TrainingBase(LedgerRecord):
    """A vocational training base run with the donor side (e.g. a 阳光大姐 base)."""

    name = models.CharField(_("基地名称"), max_length=100)
    trade = models.CharField(_("培训工种"), max_length=100,
                             help_text=_("如：家政服务、餐饮、电工焊工"))
    operator = models.CharField(_("运营单位"), max_length=100)
    partner = models.CharField(_("帮扶方合作单位"), max_length=100, blank=True)
    established_on = models.DateField(_("揭牌日期"))
    address = models.CharField(_("地址"), max_length=200, blank=True)
    yearly_capacity = models.PositiveIntegerField(_("年培训能力（人次）"), default=0)
    is_active = models.BooleanField(_("运营中"), default=True)

    period_field = "established_on"
    objects: ClassVar[BaseQuerySet] = BaseQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("培训基地")
        verbose_name_plural = _("培训基地")
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("labour:bases:detail", args=[self.pk])


class LabourQuerySet(ScopedQuerySet["LabourRecord"]):
    def in_year(self, year: int) -> LabourQuerySet:
        return self.filter(year=year)


class LabourRecord(LedgerRecord):
    """One rural labourer helped into a job in one year. ``region`` is the home county."""

    year = models.PositiveSmallIntegerField(_("年度"))
    name = models.CharField(_("姓名"), max_length=50)
    id_number = IdNumberField(_("身份证号"))
    phone = PhoneField(_("联系电话"), blank=True)
    village = models.CharField(_("户籍所在乡镇村"), max_length=100)
    status = models.CharField(_("人员类别"), max_length=12, choices=Status.choices)
    destination = models.CharField(_("就业去向"), max_length=12, choices=Destination.choices)
    workplace = models.CharField(_("就业地点"), max_length=100, blank=True)
    employer = models.CharField(_("就业单位"), max_length=100)
    start_date = models.DateField(_("就业日期"))
    monthly_income = MoneyField(_("月收入"), null=True, blank=True)
    organised = models.BooleanField(_("有组织输出"), default=False,
                                    help_text=_("由两地组织输出；不勾选为自主就业"))
    training_base = models.ForeignKey(TrainingBase, verbose_name=_("培训基地"), null=True,
                                      blank=True, on_delete=models.PROTECT,
                                      related_name="labourers")

    audit_masked: ClassVar[frozenset[str]] = frozenset({"id_number", "phone"})
    #: figures count a labourer in the record's year, by the day the job began
    figure_period = ("year", "start_date")
    objects: ClassVar[LabourQuerySet] = LabourQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("就业人员")
        verbose_name_plural = _("劳务协作就业人员")
        ordering = ("-year", "name")
        constraints = [models.UniqueConstraint(fields=("id_number", "year"),
                                               name="labour_one_record_per_person_year")]
        indexes = [models.Index(fields=("year", "destination"))]

    def __str__(self) -> str:
        return f"{self.year}年 {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("labour:people:detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        if self.start_date and self.year and self.start_date.year > self.year:
            errors["start_date"] = str(_("就业日期晚于统计年度 %(y)s 年。") % {"y": self.year})
        if self.id_number and self.start_date and "id_number" not in errors:
            age = age_on(self.id_number, self.start_date)
            if age is not None and age < WORKING_AGE:
                errors["id_number"] = str(_("按身份证号，此人就业时未满 %(n)s 周岁。") % {
                    "n": WORKING_AGE})
        if self.monthly_income is not None:
            low, high = INCOME_RANGE
            if not low <= self.monthly_income <= high:
                errors["monthly_income"] = str(_(
                    "月收入 %(v)s 不在 %(lo)s 至 %(hi)s 之间，请检查金额单位（元/万元）。") % {
                    "v": format_amount(self.monthly_income, "yuan"),
                    "lo": format_amount(low, "yuan"), "hi": format_amount(high, "yuan")})
        if self.id_number and self.year and self.duplicates().exists():
            logger.warning("refused a second labour record of %s in %s", mask(self.id_number),
                           self.year)
            errors["id_number"] = str(_(
                "该身份证号在 %(y)s 年已有劳务协作记录；"
                "同一人每年只登记一条，换了工作请修改原记录。") % {"y": self.year})
        if self.region_id and self.year and self._counts_only():
            errors["region"] = str(_("%(r)s %(y)s 年已按汇总数填报劳务协作，不能再逐人登记。") % {
                "r": self.region.name, "y": self.year})
        if errors:
            raise ValidationError(errors)

    def duplicates(self) -> models.QuerySet[LabourRecord]:
        """Other records of this ID number in the same year, whoever's scope they are in."""
        return LabourRecord.objects.filter(id_number=self.id_number, year=self.year).exclude(
            pk=self.pk)

    def _counts_only(self) -> bool:
        return LabourCount.objects.filter(region_id=self.region_id, year=self.year).exists()


class CountQuerySet(ScopedQuerySet["LabourCount"]):
    pass


class LabourCount(LedgerRecord):
    """People helped into jobs in a period, as a count: for places that report totals only.

    Periods of one place, year and destination may not overlap, so the entries add up.
    """

    year = models.PositiveSmallIntegerField(_("年度"))
    period_start = models.DateField(_("统计起始日期"))
    period_end = models.DateField(_("统计截止日期"))
    destination = models.CharField(_("就业去向"), max_length=12, choices=Destination.choices)
    persons = models.PositiveIntegerField(_("就业人数"))
    persons_poverty = models.PositiveIntegerField(_("其中：脱贫劳动力"), default=0)
    persons_monitored = models.PositiveIntegerField(_("其中：监测对象"), default=0)
    persons_organised = models.PositiveIntegerField(_("其中：有组织输出"), default=0)

    #: a count entry counts once its period has ended, by the cut-off
    figure_period = ("year", "period_end")
    objects: ClassVar[CountQuerySet] = CountQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("劳务协作汇总数")
        verbose_name_plural = _("劳务协作汇总数")
        ordering = ("-year", "-period_end")
        constraints = [models.CheckConstraint(
            condition=Q(persons_poverty__lte=models.F("persons"))
            & Q(persons_monitored__lte=models.F("persons"))
            & Q(persons_organised__lte=models.F("persons")),
            name="labourcount_parts")]

    def __str__(self) -> str:
        return f"{self.region} {self.period_start:%Y-%m-%d}—{self.period_end:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("labour:counts:detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        start, end = self.period_start, self.period_end
        if start and end and end < start:
            errors["period_end"] = str(_("截止日期不能早于起始日期。"))
        if start and end and self.year and not (start.year == end.year == self.year):
            errors["period_start"] = str(_("统计期间应在 %(y)s 年之内。") % {"y": self.year})
        if self.persons is not None:
            for part, label in (("persons_poverty", _("脱贫劳动力")),
                                ("persons_monitored", _("监测对象")),
                                ("persons_organised", _("有组织输出"))):
                if (getattr(self, part) or 0) > self.persons:
                    errors[part] = str(_("%(l)s不能多于就业人数。") % {"l": label})
        if not errors and self.region_id and start and end and self.destination:
            clash = self.overlapping().first()
            if clash is not None:
                errors["period_start"] = str(_(
                    "与已填报的「%(c)s」期间重叠，同一去向的人数会重复计算。") % {"c": clash})
        if self.region_id and self.year and LabourRecord.objects.filter(
                region_id=self.region_id, year=self.year).exists():
            errors["region"] = str(_("%(r)s %(y)s 年已逐人登记劳务协作，不能再填汇总数。") % {
                "r": self.region.name, "y": self.year})
        if errors:
            raise ValidationError(errors)

    def overlapping(self) -> models.QuerySet[LabourCount]:
        return LabourCount.objects.filter(
            region_id=self.region_id, destination=self.destination,
            period_start__lte=self.period_end, period_end__gte=self.period_start,
        ).exclude(pk=self.pk)
