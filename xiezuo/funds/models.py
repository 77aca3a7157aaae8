"""Fund movements (资金) in yuan: committed, transferred, allocated, spent, returned."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextvars import ContextVar
from decimal import Decimal
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, Sum
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from xiezuo.core.money import MoneyField
from xiezuo.core.scoping import ScopedQuerySet
from xiezuo.ledgers.models import LedgerRecord, ReportingSide


class MovementType(models.TextChoices):
    COMMITMENT = "commitment", _("计划/协议")
    TRANSFER = "transfer", _("拨付")
    ALLOCATION = "allocation", _("安排")
    SPENDING = "spending", _("支出")
    RETURN = "return", _("退回")


class FundSource(models.TextChoices):
    FISCAL = "fiscal", _("财政援助资金")
    SOCIAL = "social", _("社会帮扶资金")


_TYPE_LABELS: dict[str, Any] = dict(MovementType.choices)

#: the labels as translated, per language (the audit log names every row of an import)
_TYPE_TEXTS: dict[tuple[str | None, str], str] = {}


def _type_label(kind: str) -> str:
    key = (get_language(), kind)
    text = _TYPE_TEXTS.get(key)
    if text is None:
        text = _TYPE_TEXTS[key] = str(_TYPE_LABELS.get(kind, kind))
    return text


#: movements that belong to a project
PROJECT_TYPES = {MovementType.ALLOCATION, MovementType.SPENDING}


class FundMovementQuerySet(ScopedQuerySet["FundMovement"]):
    def of_type(self, kind: str) -> FundMovementQuerySet:
        return self.filter(type=kind)

    def in_year(self, year: int) -> FundMovementQuerySet:
        return self.filter(year=year)

    def project_balance(self, project_id: int) -> dict[str, Any]:
        """Allocated, spent and returned for one project, in one query."""
        return self.filter(project_id=project_id).aggregate(
            allocated=Sum("amount", filter=Q(type=MovementType.ALLOCATION), default=0),
            spent=Sum("amount", filter=Q(type=MovementType.SPENDING), default=0),
            returned=Sum("amount", filter=Q(type=MovementType.RETURN), default=0),
        )


class FundMovement(LedgerRecord):
    year = models.PositiveSmallIntegerField(_("资金年度"))
    date = models.DateField(_("日期"))
    type = models.CharField(_("资金环节"), max_length=12, choices=MovementType.choices)
    source = models.CharField(_("资金来源"), max_length=8, choices=FundSource.choices,
                              default=FundSource.FISCAL)
    amount = MoneyField(_("金额"))
    reported_by = models.CharField(_("填报方"), max_length=12, choices=ReportingSide.choices)
    project = models.ForeignKey(
        "projects.Project", verbose_name=_("项目"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="fund_movements",
    )
    document_no = models.CharField(_("文号/凭证号"), max_length=100, blank=True)

    #: the side that reported a movement (and the offices above it) change it; the other
    #: side reads it (``xiezuo/core/scoping.py``)
    scope_reported_by = "reported_by"
    override_reason = models.CharField(
        _("超支说明"), max_length=200, blank=True,
        help_text=_("管理员准许支出超过安排金额时必须填写，记入操作日志"),
    )

    period_field = "date"
    #: figures count a movement in its fund year, by its date
    figure_period = ("year", "date")
    objects: ClassVar[FundMovementQuerySet] = FundMovementQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("资金流水")
        verbose_name_plural = _("资金流水")
        ordering = ("-date", "-id")
        indexes = [
            models.Index(fields=("pairing", "year", "type")),
            models.Index(fields=("project", "type")),
            # a place's transfers of a year (reconciliation) and, from the index alone, its
            # project money (idle funds) without reading its other movements
            models.Index(fields=("region", "year", "type"), name="funds_region_year_type_idx"),
            models.Index(fields=("region", "project", "type", "date", "amount"),
                         name="funds_region_project_idx"),
            # the list's order: a page is read from the index, not sorted from every row
            models.Index(fields=("date", "id"), name="funds_list_order_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="fund_amount_positive"),
        ]

    def __str__(self) -> str:
        # The label as get_type_display() gives it, without rebuilding the choices each time
        # (an import names 100,000 rows in the audit log).
        return f"{self.date:%Y-%m-%d} {_type_label(self.type)} {self.amount} 元"

    def clean(self) -> None:
        super().clean()
        errors: dict[str, Any] = {}
        if self.amount is not None and self.amount <= 0:
            errors["amount"] = _("金额必须大于零。")
        if self.type in PROJECT_TYPES and self.project_id is None:
            errors["project"] = _("「%(t)s」须指明项目。") % {"t": self.get_type_display()}
        project = self.project
        if project is not None and self.region_id and project.region_id != self.region_id:
            errors["project"] = _("项目「%(p)s」不在 %(r)s。") % {
                "p": self.project, "r": self.region}
        if project is not None and self.pairing_id and project.pairing_id != self.pairing_id:
            errors["project"] = _("项目「%(p)s」属于另一个结对。") % {"p": self.project}
        if self.date and self.year and abs(self.date.year - self.year) > 1:
            errors["year"] = _("资金年度与日期相差超过一年，请检查。")
        if errors:
            raise ValidationError(errors)

    @classmethod
    def check_write(cls, rows: Sequence[FundMovement]) -> dict[int, tuple[str, str]]:
        """Spending beyond a project's allocation is refused unless an override reason is
        given (only administrators may give one; the audit row then names the override).
        Checked by the write action with the projects locked, so two spendings at once
        cannot both slip through; an import's open spending book answers in memory."""
        spendings = [r for r in rows if r.type == MovementType.SPENDING and r.project_id]
        if not spendings:
            return {}
        book = SpendingBook.current()
        if book is None or not all(book.holds(r.project_id) for r in spendings):
            book = SpendingBook()
            book.load(r.project_id for r in spendings if r.project_id)
        steps: dict[int, tuple[str, str]] = {}
        for row in spendings:
            available = book.available(row.project_id or 0, row.pk, row)
            if row.amount > available:
                if not row.override_reason:
                    raise ValidationError({"amount": overspend_message(available)})
                steps[id(row)] = ("override", row.override_reason)
            if book is not SpendingBook.current():
                book.add(row, getattr(row, "_snapshot", None) if row.pk else None)
        return steps

    def available_for_spending(self) -> Decimal:
        """What the project may still spend: allocated − returned − spent (other rows).
        Inside an import the open :class:`SpendingBook` answers for the projects it holds
        (the form's check; the write action's is :meth:`check_write`)."""
        book = _open_book.get()
        if book is not None and book.holds(self.project_id):
            return book.available(self.project_id or 0, self.pk, self)
        others = FundMovement.objects.exclude(pk=self.pk)
        b: dict[str, Any] = others.project_balance(self.project_id or 0)
        return Decimal(b["allocated"]) - Decimal(b["returned"]) - Decimal(b["spent"])


def overspend_message(available: Decimal) -> str:
    from xiezuo.core.money import format_amount

    message = _("支出超过项目安排的资金：本项目最多还可支出 %(a)s（%(y)s）。"
                "超支须由管理员填写超支说明。")
    left = max(available, Decimal(0))
    return str(message % {"a": format_amount(left), "y": format_amount(left, "yuan")})


_open_book: ContextVar[SpendingBook | None] = ContextVar("spending_book", default=None)


class SpendingBook:
    """What each project may still spend, for many movements at once (an import).

    The projects a batch of rows names are locked and their allocations, returns and
    spendings summed once (:meth:`load`); every movement accepted afterwards is added
    (:meth:`add`), so the n-th spending of a file is checked against the stored rows and the
    file's earlier rows without asking the database again. While the book is open (``with``)
    :meth:`FundMovement.available_for_spending` (the form's check) and
    :meth:`FundMovement.check_write` (the write action's) answer
    from it for the projects it holds.
    """

    def __init__(self) -> None:
        self._available: dict[int, Decimal] = {}
        #: movements counted but not yet written: id → (movement, project, effect counted)
        self._pending: dict[int, tuple[FundMovement, int, Decimal]] = {}

    def __enter__(self) -> SpendingBook:
        self._token = _open_book.set(self)
        return self

    def __exit__(self, *exc: object) -> None:
        _open_book.reset(self._token)

    @staticmethod
    def current() -> SpendingBook | None:
        return _open_book.get()

    def holds(self, project_id: int | None) -> bool:
        return project_id is not None and project_id in self._available

    def prepare(self, rows: list[dict[str, Any]]) -> None:
        """Import: hold the projects the next rows of a file name (their cells' values)."""
        self.load(value.pk for row in rows
                  if isinstance(value := row.get("project"), models.Model))

    def load(self, project_ids: Iterable[int]) -> None:
        """Lock the projects not yet held (in a fixed order, so two imports cannot deadlock)
        and read what each may still spend: two queries whatever the number of rows."""
        from xiezuo.projects.models import Project

        wanted = sorted({p for p in project_ids if p is not None} - set(self._available))
        for at in range(0, len(wanted), 2000):
            chunk = wanted[at:at + 2000]
            list(Project.objects.select_for_update().filter(pk__in=chunk).order_by("pk")
                 .values_list("pk", flat=True))
            sums = (FundMovement.objects.filter(project_id__in=chunk).order_by()
                    .values("project_id").annotate(
                        allocated=Sum("amount", filter=Q(type=MovementType.ALLOCATION), default=0),
                        spent=Sum("amount", filter=Q(type=MovementType.SPENDING), default=0),
                        returned=Sum("amount", filter=Q(type=MovementType.RETURN), default=0)))
            for pid in chunk:
                self._available[pid] = Decimal(0)
            for row in sums:
                self._available[row["project_id"]] = (
                    Decimal(row["allocated"]) - Decimal(row["returned"]) - Decimal(row["spent"]))

    def available(self, project_id: int, pk: int | None = None,
                  movement: FundMovement | None = None) -> Decimal:
        """What ``project_id`` may still spend, leaving out the stored row ``pk`` (a row
        being changed counts with its new values only). A ``movement`` the book counted
        already (an import's row now being written: ``save()`` checks again) is left out
        with what it added."""
        pending = self._pending.get(id(movement)) if movement is not None else None
        if pending is not None and pending[0] is movement:
            _movement, counted_in, effect = pending
            return self._available[project_id] - (effect if counted_in == project_id else 0)
        available = self._available[project_id]
        if pk is not None:
            stored = FundMovement.objects.filter(pk=pk).values("project_id", "type",
                                                               "amount").first()
            if stored is not None and stored["project_id"] == project_id:
                available -= _effect(stored["type"], Decimal(stored["amount"]))
        return available

    def add(self, movement: FundMovement, before: dict[str, Any] | None = None) -> None:
        """Count an accepted movement; ``before``: its audit snapshot as stored, when an
        existing row changes (its old amount leaves its old project)."""
        if before is not None and self.holds(before.get("project")):
            self._available[before["project"]] -= _effect(
                before.get("type"), Decimal(before.get("amount") or 0))
        if self.holds(movement.project_id):
            effect = _effect(movement.type, Decimal(movement.amount or 0))
            self._available[movement.project_id or 0] += effect
            self._pending[id(movement)] = (movement, movement.project_id or 0, effect)

    def written(self, movements: Iterable[FundMovement]) -> None:
        """Import: these counted movements are stored now (their ``save()`` has checked)."""
        for movement in movements:
            pending = self._pending.get(id(movement))
            if pending is not None and pending[0] is movement:
                del self._pending[id(movement)]


def _effect(kind: Any, amount: Decimal) -> Decimal:
    """A movement's effect on what its project may still spend."""
    if kind == MovementType.ALLOCATION:
        return amount
    if kind in (MovementType.SPENDING, MovementType.RETURN):
        return -amount
    return Decimal(0)
