"""Pairings (结对关系): a donor region helps a recipient region, of a kind, over a period."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from xiezuo.core.models import AuditedModel
from xiezuo.core.scoping import ScopedQuerySet
from xiezuo.regions.models import Level, Region


class Kind(models.TextChoices):
    EAST_WEST = "east_west", _("东西部协作")
    EAST_WEST_POVERTY = "east_west_poverty", _("东西部扶贫协作")
    PROVINCIAL = "provincial", _("省内对口帮扶")
    SUPPORT = "support", _("对口支援")
    DESIGNATED = "designated", _("定点帮扶")


class PairingQuerySet(ScopedQuerySet["Pairing"]):
    def active_on(self, day: dt.date) -> PairingQuerySet:
        return self.filter(Q(start_date__lte=day), Q(end_date__isnull=True) | Q(end_date__gte=day))

    def active_in_year(self, year: int) -> PairingQuerySet:
        return self.filter(
            Q(start_date__lte=dt.date(year, 12, 31)),
            Q(end_date__isnull=True) | Q(end_date__gte=dt.date(year, 1, 1)),
        )

    def covering(
        self, region: Region, on: dt.date, side: str = "recipient"
    ) -> PairingQuerySet:
        """Pairings covering ``region`` on ``on`` as ``side``, the most specific first.

        A pairing covers a region when its recipient (or donor) is that region or one of
        its ancestors; ``.first()`` is the pairing the region's records belong to.
        """
        if side not in {"recipient", "donor"}:
            raise ValueError(f"side must be 'recipient' or 'donor', not {side!r}")
        return (
            self.active_on(on)
            .filter(**{f"{side}__scope_key__in": region.ancestor_keys})
            .select_related("donor", "recipient")
            .order_by(f"-{side}__depth", "-start_date")
        )

    def with_regions(self) -> PairingQuerySet:
        return self.select_related("donor", "recipient", "parent__donor", "parent__recipient")


class Pairing(AuditedModel):
    donor = models.ForeignKey(
        Region, verbose_name=_("帮扶方"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="pairings_as_donor",
        help_text=_("定点帮扶的帮扶单位不是行政区划时留空，填写帮扶单位名称。"),
    )
    donor_unit = models.CharField(
        _("帮扶单位"), max_length=100, blank=True,
        help_text=_("定点帮扶的中央单位或企业名称"),
    )
    recipient = models.ForeignKey(
        Region, verbose_name=_("受援方"), on_delete=models.PROTECT,
        related_name="pairings_as_recipient",
    )
    level = models.CharField(_("结对层级"), max_length=12, choices=Level.choices, blank=True,
                             help_text=_("留空时取受援方的级别"))
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"), null=True, blank=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级结对"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="children",
    )

    scope_regions = ("donor", "recipient")
    objects: ClassVar[PairingQuerySet] = PairingQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("结对关系")
        verbose_name_plural = _("结对关系")
        ordering = ("recipient__code", "-start_date")
        constraints = [
            models.CheckConstraint(
                condition=~Q(donor=models.F("recipient")), name="pairing_donor_not_recipient"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="pairing_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(donor__isnull=False) | ~Q(donor_unit=""),
                name="pairing_has_donor",
            ),
        ]
        indexes = [models.Index(fields=("start_date", "end_date"))]

    def __str__(self) -> str:
        return f"{self.donor_name} → {self.recipient.name}"

    def get_absolute_url(self) -> str:
        return reverse("pairings:detail", args=[self.pk])

    @property
    def label(self) -> str:
        """Short form for tables: 章丘区 → 积石山县."""
        donor = self.donor.short_name if self.donor is not None else self.donor_unit
        return f"{donor} → {self.recipient.short_name}"

    @property
    def donor_name(self) -> str:
        return self.donor.name if self.donor is not None else self.donor_unit

    def is_active_on(self, day: dt.date) -> bool:
        return self.start_date <= day and (self.end_date is None or self.end_date >= day)

    @property
    def is_active(self) -> bool:
        return self.is_active_on(dt.date.today())

    def overlapping(self) -> PairingQuerySet:
        """Other pairings of the same donor, recipient and kind whose periods overlap."""
        qs = Pairing.objects.filter(
            recipient_id=self.recipient_id, kind=self.kind,
            donor_id=self.donor_id, donor_unit=self.donor_unit,
        ).exclude(pk=self.pk)
        if self.end_date is not None:
            qs = qs.filter(start_date__lte=self.end_date)
        return qs.filter(Q(end_date__isnull=True) | Q(end_date__gte=self.start_date))

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}

        def add(field: str, message: str) -> None:
            errors.setdefault(field, []).append(message)

        if self.donor_id is None and not self.donor_unit:
            add("donor", str(_("请填写帮扶方区划或帮扶单位。")))
        if self.donor_id is not None and self.donor_id == self.recipient_id:
            add("recipient", str(_("受援方不能与帮扶方相同。")))
        if self.end_date and self.start_date and self.end_date < self.start_date:
            add("end_date", str(_("结束日期不能早于开始日期。")))
        if self.recipient_id and not self.level:
            self.level = self.recipient.level
        if self.start_date and self.recipient_id and not errors:
            clash = self.overlapping().first()
            if clash is not None:
                add("start_date", str(_("与已有结对「%(p)s」（%(start)s 起）时间重叠。") % {
                    "p": clash, "start": clash.start_date.isoformat()}))
        if self.parent_id and self.recipient_id and not errors:
            self._check_parent(add)
        if errors:
            raise ValidationError(errors)

    def _check_parent(self, add: object) -> None:
        parent = self.parent
        assert parent is not None and callable(add)
        if parent.pk == self.pk:
            add("parent", str(_("上级结对不能是本结对。")))
            return
        if not self.recipient.is_within(parent.recipient):
            add("parent", str(_("受援方不在上级结对的受援方「%(r)s」范围内。") % {
                "r": parent.recipient}))
        if (self.donor is not None and parent.donor is not None
                and not self.donor.is_within(parent.donor)):
            add("parent", str(_("帮扶方不在上级结对的帮扶方「%(d)s」范围内。") % {
                "d": parent.donor}))
        if self.start_date and not (
            parent.start_date <= (self.end_date or dt.date.max)
            and (parent.end_date is None or parent.end_date >= self.start_date)
        ):
            add("parent", str(_("与上级结对的起止时间没有交集。")))

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.level and self.recipient_id:
            self.level = self.recipient.level
        super().save(*args, **kwargs)

    def history_of_recipient(self) -> PairingQuerySet:
        """Every pairing this recipient has had, newest first (the pairing's history)."""
        return Pairing.objects.filter(recipient_id=self.recipient_id).with_regions().order_by(
            "-start_date"
        )

    def history_of_donor(self) -> PairingQuerySet:
        if self.donor_id is None:
            return Pairing.objects.filter(donor_unit=self.donor_unit).with_regions()
        return Pairing.objects.filter(donor_id=self.donor_id).with_regions().order_by(
            "-start_date"
        )
