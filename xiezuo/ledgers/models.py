"""What every ledger (台账) record shares: the pairing it was done under and where."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from xiezuo.core.models import AuditedModel
from xiezuo.pairings.models import Pairing


class ReportingSide(models.TextChoices):
    DONOR = "donor", _("帮扶方填报")
    RECIPIENT = "recipient", _("受援方填报")


def period_day(value: Any) -> dt.date | None:
    """A record's period as a day: a year's last day, a date as it is; None for no period
    or a year no calendar has (year 0, year 100000: the field's own check names it)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return dt.date(value, 12, 31) if dt.MINYEAR <= value <= dt.MAXYEAR else None
    return value if isinstance(value, dt.date) else None


class LedgerRecord(AuditedModel):
    """Abstract base of every ledger row.

    ``region`` is where the work happened (usually a recipient county); ``pairing`` the
    pairing it belongs to, which must cover that region on the record's date. Rows are scoped
    through both: the region's office and the pairing's parties see them.
    """

    pairing = models.ForeignKey(
        Pairing, verbose_name=_("结对关系"), on_delete=models.PROTECT, related_name="+",
    )
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("所在地区"), on_delete=models.PROTECT, related_name="+",
    )

    scope_regions = ("region",)
    scope_pairings = ("pairing",)
    #: the field holding the record's date or year, used to check the pairing's period
    period_field = "year"

    class Meta:
        abstract = True

    def record_date(self) -> dt.date | None:
        return period_day(getattr(self, self.period_field, None))

    def clean_pairing(self) -> None:
        """The pairing must cover the region on the record's date (or in its year)."""
        if not (self.pairing_id and self.region_id):
            return
        pairing, region = self.pairing, self.region
        sides = [pairing.recipient] + ([pairing.donor] if pairing.donor_id else [])
        if not any(region.is_within(side) for side in sides if side is not None):
            raise ValidationError({"region": _("「%(r)s」不在结对「%(p)s」的范围内。") % {
                "r": region.name, "p": pairing}})
        value = getattr(self, self.period_field, None)
        if isinstance(value, int):
            ok = pairing.start_date.year <= value and (
                pairing.end_date is None or pairing.end_date.year >= value)
        elif isinstance(value, dt.date):
            ok = pairing.is_active_on(value)
        else:
            ok = True
        if not ok:
            raise ValidationError({self.period_field: _(
                "结对「%(p)s」在 %(d)s 不在有效期内（%(s)s 至 %(e)s）。") % {
                "p": pairing, "d": value, "s": pairing.start_date,
                "e": pairing.end_date or _("至今")}})

    def clean_lock(self) -> None:
        """Rows of an approved reporting period are locked, as stored and as edited
        (``xiezuo/reporting/locks.py``)."""
        from django.apps import apps

        reporting = apps.app_configs.get("reporting")  # as apps.is_installed, by its key
        if reporting is not None and reporting.name == "xiezuo.reporting":
            from xiezuo.reporting.locks import check_row

            check_row(self)

    def clean(self) -> None:
        super().clean()
        self.clean_pairing()
        self.clean_lock()
