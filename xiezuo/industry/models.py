"""Industrial cooperation: enterprises attracted (招引企业) and co-built industrial parks
(共建产业园区) with the enterprises in them."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from xiezuo.core.money import MoneyField
from xiezuo.core.scoping import ScopedQuerySet
from xiezuo.ledgers.models import LedgerRecord


class IndustrySector(models.TextChoices):
    AGRI_PROCESSING = "agri_processing", _("农产品加工")
    LIGHT_TEXTILE = "light_textile", _("轻工纺织服装")
    MANUFACTURING = "manufacturing", _("装备制造")
    NEW_ENERGY = "new_energy", _("新能源")
    ELECTRONICS = "electronics", _("电子信息")
    MEDICINE = "medicine", _("生物医药")
    ENVIRONMENT = "environment", _("节能环保")
    CULTURE_TOURISM = "culture_tourism", _("文化旅游")
    TRADE_LOGISTICS = "trade_logistics", _("商贸物流")
    OTHER = "other", _("其他")


class ParkQuerySet(ScopedQuerySet["Park"]):
    pass


class Park(LedgerRecord):
    """An industrial park co-built by the two sides."""

    name = models.CharField(_("园区名称"), max_length=100)
    partner = models.CharField(_("帮扶方共建单位"), max_length=100)
    established_on = models.DateField(_("设立日期"))
    planned_area = models.DecimalField(_("规划面积（亩）"), max_digits=10, decimal_places=1,
                                       null=True, blank=True)
    donor_investment = MoneyField(_("帮扶方投入资金"), default=Decimal(0))
    address = models.CharField(_("地址"), max_length=200, blank=True)

    period_field = "established_on"
    objects: ClassVar[ParkQuerySet] = ParkQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("共建产业园区")
        verbose_name_plural = _("共建产业园区")
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("industry:parks:detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        if self.planned_area is not None and self.planned_area <= 0:
            raise ValidationError({"planned_area": _("规划面积应大于零。")})


class EnterpriseQuerySet(ScopedQuerySet["Enterprise"]):
    pass


class Enterprise(LedgerRecord):
    """An enterprise attracted to invest in the recipient area. ``region`` is where it
    invests; ``origin`` where it comes from."""

    name = models.CharField(_("企业名称"), max_length=100)
    origin = models.ForeignKey("regions.Region", verbose_name=_("来源地"), null=True,
                               blank=True, on_delete=models.PROTECT, related_name="+")
    sector = models.CharField(_("行业"), max_length=20, choices=IndustrySector.choices)
    project = models.CharField(_("投资项目"), max_length=200, blank=True)
    park = models.ForeignKey(Park, verbose_name=_("所在园区"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="enterprises")
    signed_on = models.DateField(_("签约日期"))
    started_on = models.DateField(_("投产日期"), null=True, blank=True)
    agreed_investment = MoneyField(_("协议投资"), null=True, blank=True,
                                   help_text=_("协议或合同约定的投资额；未公布时留空"))
    actual_investment = MoneyField(_("实际到位投资"), default=Decimal(0))
    jobs = models.PositiveIntegerField(_("带动就业（人）"), default=0)
    jobs_local = models.PositiveIntegerField(_("其中：本地就业"), default=0)
    jobs_poverty = models.PositiveIntegerField(_("其中：脱贫人口"), default=0)

    period_field = "signed_on"
    objects: ClassVar[EnterpriseQuerySet] = EnterpriseQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("招引企业")
        verbose_name_plural = _("招引企业")
        ordering = ("-signed_on", "name")
        constraints = [models.CheckConstraint(
            condition=Q(jobs_local__lte=models.F("jobs"))
            & Q(jobs_poverty__lte=models.F("jobs_local")),
            name="enterprise_job_parts")]

    def __str__(self) -> str:
        return f"{self.name}（{self.project}）" if self.project else self.name

    def get_absolute_url(self) -> str:
        return reverse("industry:enterprises:detail", args=[self.pk])

    @property
    def arrival_rate(self) -> Decimal | None:
        """到位率: actual ÷ agreed investment."""
        return arrival_rate(self.agreed_investment, self.actual_investment)

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        if self.started_on and self.signed_on and self.started_on < self.signed_on:
            errors["started_on"] = str(_("投产日期不能早于签约日期。"))
        if self.jobs_local is not None and self.jobs is not None and self.jobs_local > self.jobs:
            errors["jobs_local"] = str(_("本地就业不能多于带动就业总数。"))
        if (self.jobs_poverty is not None and self.jobs_local is not None
                and self.jobs_poverty > self.jobs_local):
            errors["jobs_poverty"] = str(_("脱贫人口就业不能多于本地就业。"))
        park, origin = self.park, self.origin
        if park is not None and self.region_id and not self.region.is_within(park.region) \
                and not park.region.is_within(self.region):
            errors["park"] = str(_("园区「%(p)s」在%(r)s，与企业投资地不符。") % {
                "p": park, "r": park.region})
        if origin is not None and self.region_id and origin.is_within(self.region):
            errors["origin"] = str(_("来源地与投资地相同，不是招引企业。"))
        if errors:
            raise ValidationError(errors)


def arrival_rate(agreed: Decimal | None, actual: Decimal | None) -> Decimal | None:
    """到位率: actual ÷ agreed investment; None when nothing was agreed."""
    if not agreed:
        return None
    return (actual or Decimal(0)) / agreed
