"""What every ledger (台账) record shares: the pairing it was done under and where."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, router
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from xiezuo.core import constraints
from xiezuo.core.models import AuditedModel
from xiezuo.core.scoping import ScopedQuerySet
from xiezuo.ledgers import records
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


def _cached_related(obj: models.Model, field: Any) -> Any:
    """The related record a foreign key holds already (without a query), if any."""
    if field.is_relation and field.is_cached(obj):
        return field.get_cached_value(obj)
    return None


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
    #: (year field, cut-off date field) the figures read (``ledgers/figures.py``); None: a
    #: ``year`` field if there is one, and ``period_field`` if that is a date
    figure_period: ClassVar[tuple[str | None, str | None] | None] = None

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
        """Rows of a locked (approved) period may not change, as stored and as edited
        (``locks.py``); the write action checks again when it writes."""
        from xiezuo.ledgers.locks import check_row

        check_row(self)

    def clean_fields(self, exclude: Any = None) -> None:
        """As Django's, except that a related record the batch being validated has read from
        the database (``records.py``) is known to exist and is not asked for again."""
        batch = records.active()
        if batch is not None:
            known = set(exclude or ())
            for f in self._meta.concrete_fields:
                related = _cached_related(self, f)
                if related is not None and batch.exists(related) \
                        and getattr(self, f.attname) == related.pk:
                    known.add(f.name)
            exclude = known
        super().clean_fields(exclude)

    def validate_constraints(self, exclude: Any = None) -> None:
        """As Django's, with the check constraints that compare the row's own fields answered
        in Python by the database's rules (``core/constraints.py``) instead of a query each;
        any other constraint is asked of the database."""
        skipped = set(exclude or ())
        values = constraints.row_values(self, skipped)
        errors: dict[str, Any] = {}
        asked: list[Any] = []
        for constraint in self._meta.constraints:
            if not isinstance(constraint, models.CheckConstraint):
                asked.append(constraint)
                continue
            try:
                result = constraints.check(Q(constraint.condition), values)
            except KeyError:  # it needs an excluded field: skipped, as Django skips it
                continue
            if result is constraints.UNSUPPORTED:
                asked.append(constraint)
            elif result is False:
                errors = ValidationError(
                    constraint.get_violation_error_message(),
                    code=constraint.violation_error_code).update_error_dict(errors)
        using = router.db_for_write(type(self), instance=self)
        for constraint in asked:
            try:
                constraint.validate(type(self), self, exclude=exclude, using=using)
            except ValidationError as exc:
                fields = list(getattr(constraint, "fields", ()))
                if getattr(exc, "code", None) == "unique" and len(fields) == 1:
                    errors.setdefault(fields[0], []).append(exc)
                else:
                    errors = exc.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def clean(self) -> None:
        super().clean()
        self.clean_pairing()
        self.clean_lock()

    @classmethod
    def check_write(cls, rows: Sequence[Any]) -> dict[int, tuple[str, str]]:
        """Rules that need the stored rows and must hold when ``rows`` are written, checked
        by the write action inside its transaction (the form checks them too, to show the
        message beside the field). Raise ValidationError to refuse. Returns, for rows whose
        audit entry names a step of its own (an administrator's override), ``id(row)`` →
        (action, reason)."""
        return {}


class PeriodLock(models.Model):
    """A locked period (an approved monthly report): the rows of ``ledgers`` in ``region``
    and below, dated from ``period_start`` to ``period_end``, may not change (``locks.py``).

    Set and cleared by whoever approves (``holder`` names it); the ledger layer refuses.
    """

    holder = models.CharField(_("锁定来源"), max_length=64, unique=True)
    region = models.ForeignKey("regions.Region", verbose_name=_("地区"),
                               on_delete=models.PROTECT, related_name="+")
    #: the region's scope key, kept here so the check is one indexed query
    region_key = models.CharField(_("范围键"), max_length=12)
    period_start = models.DateField(_("开始日期"))
    period_end = models.DateField(_("结束日期"))
    ledgers = models.JSONField(_("锁定台账"), default=list)
    locked_at = models.DateTimeField(_("锁定时间"))
    locked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("锁定人"),
                                  null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")

    class Meta:
        verbose_name = _("锁定期")
        verbose_name_plural = _("锁定期")
        indexes = [models.Index(fields=("region_key", "period_start"), name="period_lock_idx")]

    def __str__(self) -> str:
        from xiezuo.ledgers.locks import period_label

        return f"{self.region_key} {period_label(self.period_start, self.period_end)}"


class LedgerMeasure(models.Model):
    """One way of adding up a ledger (its rows summed or counted, filtered): what the
    pre-aggregated figures are kept for (``figures.py``). Identified by its signature, so
    whoever asks for the same measure twice (two indicators) shares its figures."""

    signature = models.CharField(_("口径摘要"), max_length=64, unique=True)
    source = models.CharField(_("来源台账"), max_length=60, db_index=True)
    aggregation = models.CharField(_("计算方式"), max_length=10)
    value_field = models.CharField(_("取值字段"), max_length=80, blank=True)
    filters = models.JSONField(_("筛选条件"), default=dict, blank=True)
    #: when the figures were built from the ledger; None: not built (read the ledger)
    built_at = models.DateTimeField(_("生成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("预汇总口径")
        verbose_name_plural = _("预汇总口径")

    def __str__(self) -> str:
        return f"{self.source} {self.aggregation} {self.value_field} {self.filters}"


class LedgerFigure(models.Model):
    """A pre-aggregated figure (预汇总数): one measure over the ledger rows of one pairing,
    place, year and month. Derived data, written only by ``figures.py``; scoped through the
    same pairing and place as the rows."""

    measure = models.ForeignKey(LedgerMeasure, verbose_name=_("口径"),
                                on_delete=models.CASCADE, related_name="+")
    pairing = models.ForeignKey("pairings.Pairing", verbose_name=_("结对关系"),
                                on_delete=models.CASCADE, related_name="+")
    region = models.ForeignKey("regions.Region", verbose_name=_("所在地区"),
                               on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"), null=True)
    month = models.DateField(_("月份"), null=True, help_text=_("该月第一天；台账无日期时为空"))
    value = models.DecimalField(_("数值"), max_digits=20, decimal_places=2)

    scope_regions = ("region",)
    scope_pairings = ("pairing",)

    objects: ClassVar[ScopedQuerySet[LedgerFigure]]
    objects = ScopedQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("预汇总数")
        verbose_name_plural = _("预汇总数")
        constraints = [
            models.UniqueConstraint(
                fields=("measure", "pairing", "region", "year", "month"),
                name="ledger_figure_once", nulls_distinct=False),
        ]
        indexes = [
            models.Index(fields=("region", "year"), name="ledger_figure_region_year"),
            models.Index(fields=("pairing", "year"), name="ledger_figure_pairing_year"),
        ]

    def __str__(self) -> str:
        return f"{self.measure_id} {self.pairing_id} {self.year} {self.month}"
