"""Aid projects (援建项目 / 协作项目) and their lifecycle."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from xiezuo.core.locale import localized
from xiezuo.core.money import MoneyField
from xiezuo.core.scoping import ScopedQuerySet
from xiezuo.ledgers.models import LedgerRecord


class Sector(models.Model):
    """The managed list of project sectors (行业领域)."""

    code = models.SlugField(_("代码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=32, unique=True)
    name_en = models.CharField(_("英文名称"), max_length=64, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("行业领域")
        verbose_name_plural = _("行业领域")
        ordering = ("sort_order", "code")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The name in the active language (the English name when the interface is English)."""
        return localized(self.name, self.name_en)


class Status(models.TextChoices):
    PLANNED = "planned", _("计划")
    APPROVED = "approved", _("立项")
    BUILDING = "building", _("在建")
    COMPLETED = "completed", _("完工")
    ACCEPTED = "accepted", _("验收")
    OPERATING = "operating", _("运营")


#: the only allowed moves: one step forward along the lifecycle
NEXT_STATUS: dict[str, str] = {
    Status.PLANNED: Status.APPROVED,
    Status.APPROVED: Status.BUILDING,
    Status.BUILDING: Status.COMPLETED,
    Status.COMPLETED: Status.ACCEPTED,
    Status.ACCEPTED: Status.OPERATING,
}


class BenefitType(models.TextChoices):
    DIVIDEND = "dividend", _("资产收益分红")
    JOBS = "jobs", _("带动就业")
    LAND_RENT = "land_rent", _("土地流转租金")
    PURCHASE = "purchase", _("订单收购")
    OTHER = "other", _("其他")


class ProjectQuerySet(ScopedQuerySet["Project"]):
    def in_year(self, year: int) -> ProjectQuerySet:
        return self.filter(year=year)


BUDGET_FIELDS = ("budget_fiscal", "budget_social", "budget_local", "budget_other")


class Project(LedgerRecord):
    year = models.PositiveSmallIntegerField(_("年度"))
    name = models.CharField(_("项目名称"), max_length=200)
    township = models.CharField(_("乡镇"), max_length=50, blank=True)
    village = models.CharField(_("村"), max_length=50, blank=True)
    sector = models.ForeignKey(Sector, verbose_name=_("行业领域"), on_delete=models.PROTECT)
    implementing_unit = models.CharField(_("实施单位"), max_length=100, blank=True)
    content = models.TextField(_("建设内容及规模"), blank=True)
    planned_start = models.DateField(_("计划开工"), null=True, blank=True)
    planned_finish = models.DateField(_("计划完工"), null=True, blank=True)
    budget_fiscal = MoneyField(_("财政援助资金"), default=Decimal(0))
    budget_social = MoneyField(_("社会帮扶资金"), default=Decimal(0))
    budget_local = MoneyField(_("地方配套"), default=Decimal(0))
    budget_other = MoneyField(_("其他资金"), default=Decimal(0))
    status = models.CharField(_("项目状态"), max_length=12, choices=Status.choices,
                              default=Status.PLANNED)
    status_date = models.DateField(_("状态日期"), null=True, blank=True)
    benefit_type = models.CharField(_("利益联结方式"), max_length=12, choices=BenefitType.choices,
                                    blank=True)
    benefit_mechanism = models.TextField(_("利益联结机制"), blank=True)
    beneficiaries = models.PositiveIntegerField(_("受益人数"), default=0)
    beneficiaries_poverty = models.PositiveIntegerField(_("其中：脱贫人口"), default=0)
    beneficiaries_monitored = models.PositiveIntegerField(_("其中：监测对象"), default=0)
    households = models.PositiveIntegerField(_("受益户数"), default=0)
    jobs_created = models.PositiveIntegerField(_("带动就业（人）"), default=0)
    asset_owner = models.CharField(_("资产归属"), max_length=100, blank=True,
                                   help_text=_("项目移交后的资产所有者"))
    donor_consent = models.BooleanField(_("帮扶方已同意"), default=False)
    consent_date = models.DateField(_("同意日期"), null=True, blank=True)

    objects: ClassVar[ProjectQuerySet] = ProjectQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("援建项目")
        verbose_name_plural = _("援建项目")
        ordering = ("-year", "name")
        indexes = [models.Index(fields=("year", "status"))]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(beneficiaries_poverty__lte=models.F("beneficiaries"))
                & models.Q(beneficiaries_monitored__lte=models.F("beneficiaries")),
                name="project_beneficiary_parts",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("projects:detail", args=[self.pk])

    @property
    def budget_total(self) -> Decimal:
        return sum((getattr(self, f) or Decimal(0) for f in BUDGET_FIELDS), Decimal(0))

    @property
    def next_status(self) -> str | None:
        return NEXT_STATUS.get(self.status)

    def clean(self) -> None:
        super().clean()
        errors: dict[str, Any] = {}
        if self.planned_start and self.planned_finish and self.planned_finish < self.planned_start:
            errors["planned_finish"] = _("计划完工日期不能早于计划开工日期。")
        if self.beneficiaries_poverty > self.beneficiaries:
            errors["beneficiaries_poverty"] = _("脱贫人口不能多于受益人数。")
        if self.beneficiaries_monitored > self.beneficiaries:
            errors["beneficiaries_monitored"] = _("监测对象不能多于受益人数。")
        if self.donor_consent and self.consent_date is None:
            errors["consent_date"] = _("请填写帮扶方同意的日期。")
        if self.year and not 1990 <= self.year <= dt.date.today().year + 5:
            errors["year"] = _("年度应在 1990 年至 %(y)s 年之间。") % {
                "y": dt.date.today().year + 5}
        if errors:
            raise ValidationError(errors)


class Transition(models.Model):
    """A dated move of a project along its lifecycle."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(_("原状态"), max_length=12, choices=Status.choices)
    to_status = models.CharField(_("新状态"), max_length=12, choices=Status.choices)
    date = models.DateField(_("日期"))
    note = models.CharField(_("说明"), max_length=200, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("状态变更")
        verbose_name_plural = _("状态变更")
        ordering = ("date", "id")

    def __str__(self) -> str:
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"
