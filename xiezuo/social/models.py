"""Social pairings (社会结对): townships, villages and enterprises, schools, hospitals and social
organisations paired under a regional pairing, and what they donate."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from xiezuo.core.models import AuditedModel
from xiezuo.core.money import MoneyField
from xiezuo.core.scoping import ScopedQuerySet
from xiezuo.ledgers.models import LedgerRecord


class OrgKind(models.TextChoices):
    TOWNSHIP = "township", _("乡镇（街道）")
    VILLAGE = "village", _("村（社区）")
    ENTERPRISE = "enterprise", _("企业")
    SCHOOL = "school", _("学校")
    HOSPITAL = "hospital", _("医院")
    SOCIAL_ORG = "social_org", _("社会组织")
    OTHER = "other", _("其他")


class Organisation(AuditedModel):
    """A named party of social pairings: a township, village, enterprise, school, hospital
    or social organisation. One name, one organisation."""

    name = models.CharField(_("名称"), max_length=100, unique=True)
    kind = models.CharField(_("类别"), max_length=12, choices=OrgKind.choices)
    region = models.ForeignKey("regions.Region", verbose_name=_("所在地区"), null=True,
                               blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("结对主体")
        verbose_name_plural = _("结对主体")
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name


class Kind(models.TextChoices):
    TOWNSHIP = "township", _("乡镇结对")
    VILLAGE_ENTERPRISE = "village_enterprise", _("村企结对")
    SCHOOL = "school", _("学校结对")
    HOSPITAL = "hospital", _("医院结对")
    SOCIAL_ORG = "social_org", _("社会组织结对")


#: the kinds of party each kind of pairing joins: (helping side, helped side)
PARTIES: dict[str, tuple[set[str], set[str]]] = {
    Kind.TOWNSHIP: ({OrgKind.TOWNSHIP}, {OrgKind.TOWNSHIP}),
    Kind.VILLAGE_ENTERPRISE: ({OrgKind.ENTERPRISE}, {OrgKind.VILLAGE}),
    Kind.SCHOOL: ({OrgKind.SCHOOL}, {OrgKind.SCHOOL}),
    Kind.HOSPITAL: ({OrgKind.HOSPITAL}, {OrgKind.HOSPITAL}),
    Kind.SOCIAL_ORG: ({OrgKind.SOCIAL_ORG}, {OrgKind.VILLAGE, OrgKind.TOWNSHIP, OrgKind.SCHOOL,
                                             OrgKind.HOSPITAL, OrgKind.OTHER}),
}


class SocialPairingQuerySet(ScopedQuerySet["SocialPairing"]):
    pass


class SocialPairing(LedgerRecord):
    """Two organisations paired; ``region`` is where the helped one is."""

    kind = models.CharField(_("结对类型"), max_length=20, choices=Kind.choices)
    helper = models.ForeignKey(Organisation, verbose_name=_("帮扶主体"),
                               on_delete=models.PROTECT, related_name="helping")
    helped = models.ForeignKey(Organisation, verbose_name=_("受帮扶主体"),
                               on_delete=models.PROTECT, related_name="helped_by")
    start_date = models.DateField(_("结对日期"))
    end_date = models.DateField(_("结束日期"), null=True, blank=True)
    content = models.TextField(_("帮扶内容"), blank=True)

    period_field = "start_date"
    objects: ClassVar[SocialPairingQuerySet] = SocialPairingQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("社会结对")
        verbose_name_plural = _("社会结对")
        ordering = ("-start_date", "id")
        constraints = [models.CheckConstraint(condition=~Q(helper=models.F("helped")),
                                              name="socialpairing_two_parties")]

    def __str__(self) -> str:
        return f"{self.helper} → {self.helped}"

    def get_absolute_url(self) -> str:
        return reverse("social:detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = str(_("结束日期不能早于结对日期。"))
        helper, helped = self.party("helper"), self.party("helped")
        if helper is not None and helped is not None and helper.name == helped.name:
            errors["helped"] = str(_("帮扶主体与受帮扶主体不能相同。"))
        elif self.kind in PARTIES and helper is not None and helped is not None:
            helper_kinds, helped_kinds = PARTIES[self.kind]
            label = self.get_kind_display()
            if helper.kind not in helper_kinds:
                errors["helper"] = str(_("%(k)s的帮扶主体应为%(w)s，「%(n)s」是%(g)s。") % {
                    "k": label, "w": _kinds(helper_kinds), "n": helper,
                    "g": helper.get_kind_display()})
            if helped.kind not in helped_kinds:
                errors["helped"] = str(_("%(k)s的受帮扶主体应为%(w)s，「%(n)s」是%(g)s。") % {
                    "k": label, "w": _kinds(helped_kinds), "n": helped,
                    "g": helped.get_kind_display()})
        if not errors and self.helper_id and self.helped_id and self.start_date:
            others = SocialPairing.objects.filter(
                helper_id=self.helper_id, helped_id=self.helped_id, kind=self.kind,
            ).exclude(pk=self.pk).filter(Q(end_date__isnull=True)
                                         | Q(end_date__gte=self.start_date))
            if self.end_date:
                others = others.filter(start_date__lte=self.end_date)
            if others.exists():
                errors["start_date"] = str(_("这两方已有时间重叠的同类结对。"))
        if errors:
            raise ValidationError(errors)


    def party(self, name: str) -> Organisation | None:
        """The helper or helped organisation, saved or not yet (a new name on the form)."""
        try:
            party: Organisation = getattr(self, name)
        except Organisation.DoesNotExist:
            return None
        return party


def _kinds(kinds: set[str]) -> str:
    labels = dict(OrgKind.choices)
    return "、".join(str(labels[k]) for k in OrgKind.values if k in kinds)


class Donation(AuditedModel):
    """Money or goods given under a social pairing."""

    social_pairing = models.ForeignKey(SocialPairing, verbose_name=_("社会结对"),
                                       on_delete=models.CASCADE, related_name="donations")
    date = models.DateField(_("日期"))
    money = MoneyField(_("捐款"), default=Decimal(0))
    goods = models.CharField(_("捐物"), max_length=200, blank=True)
    goods_value = MoneyField(_("捐物折款"), default=Decimal(0))

    scope_regions = ("social_pairing__region",)
    scope_pairings = ("social_pairing__pairing",)

    class Meta:
        verbose_name = _("捐赠")
        verbose_name_plural = _("捐赠")
        ordering = ("date", "id")

    def __str__(self) -> str:
        parts = [f"{self.date:%Y-%m-%d}" if self.date else ""]
        if self.money:
            parts.append(f"{self.money} 元")
        if self.goods:
            parts.append(self.goods)
        return " ".join(p for p in parts if p)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if not self.money and not self.goods:
            errors["money"] = str(_("请填写捐款金额或捐物内容。"))
        if self.goods_value and not self.goods:
            errors["goods"] = str(_("填写了捐物折款，请写明捐赠的物资。"))
        try:
            start = self.social_pairing.start_date
        except SocialPairing.DoesNotExist:  # validated before the pairing is
            start = None
        if self.date and start and self.date < start:
            errors["date"] = str(_("捐赠日期早于结对日期。"))
        if errors:
            raise ValidationError(errors)
