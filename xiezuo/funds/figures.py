"""Derived fund figures, computed from the movements and never stored.

Which side's movements count for which figure:

- committed (计划/协议) and transferred (拨付, donor's record): reported by the donor side;
- received (拨付, recipient's record): reported by the recipient side;
- allocated (安排), spent (支出), returned (退回): whichever side recorded them (the recipient).

Rates: 到位率 received ÷ committed; 安排率 allocated ÷ received; 执行率 spent ÷ allocated.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Case, DecimalField, F, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Abs, Coalesce, Round

from xiezuo.funds.models import FundMovement, MovementType
from xiezuo.ledgers.models import ReportingSide

ZERO = Decimal("0.00")
HALF_FEN = Decimal("0.005")


def _money() -> DecimalField:
    return DecimalField(max_digits=18, decimal_places=2)


def _sum(condition: Q) -> Coalesce:
    return Coalesce(Sum("amount", filter=condition), Value(ZERO), output_field=_money())


FIGURES = {
    "committed": _sum(Q(type=MovementType.COMMITMENT, reported_by=ReportingSide.DONOR)),
    "transferred": _sum(Q(type=MovementType.TRANSFER, reported_by=ReportingSide.DONOR)),
    "received": _sum(Q(type=MovementType.TRANSFER, reported_by=ReportingSide.RECIPIENT)),
    "allocated": _sum(Q(type=MovementType.ALLOCATION)),
    "spent": _sum(Q(type=MovementType.SPENDING)),
    "returned": _sum(Q(type=MovementType.RETURN)),
}


def ratio(part: Decimal, whole: Decimal) -> Decimal | None:
    return None if not whole else (Decimal(part) / Decimal(whole))


@dataclass
class Figures:
    committed: Decimal = ZERO
    transferred: Decimal = ZERO
    received: Decimal = ZERO
    allocated: Decimal = ZERO
    spent: Decimal = ZERO
    returned: Decimal = ZERO

    @property
    def receipt_rate(self) -> Decimal | None:
        return ratio(self.received, self.committed)

    @property
    def allocation_rate(self) -> Decimal | None:
        return ratio(self.allocated, self.received)

    @property
    def execution_rate(self) -> Decimal | None:
        return ratio(self.spent, self.allocated - self.returned)

    @property
    def unspent(self) -> Decimal:
        return self.allocated - self.returned - self.spent


def totals(movements: QuerySet[FundMovement]) -> Figures:
    """All figures over a set of movements, in one query."""
    return Figures(**movements.order_by().aggregate(**FIGURES))


def by_pairing_year(movements: QuerySet[FundMovement]) -> list[dict[str, Any]]:
    """Figures per pairing and year, one query: rows of pairing_id, year and Figures."""
    rows = movements.order_by().values("pairing_id", "year").annotate(**FIGURES)
    out = []
    for row in rows.order_by("-year", "pairing_id"):
        out.append({"pairing_id": row["pairing_id"], "year": row["year"],
                    "figures": Figures(**{k: row[k] for k in FIGURES})})
    return out


def project_figures(movements: QuerySet[FundMovement], project_id: int) -> Figures:
    return totals(movements.filter(project_id=project_id))


@dataclass
class Mismatch:
    pairing_id: int
    year: int
    donor: Decimal
    recipient: Decimal

    @property
    def difference(self) -> Decimal:
        return self.donor - self.recipient


def reconciliation(movements: QuerySet[FundMovement], only_open: bool = False) -> list[Mismatch]:
    """Donor- and recipient-reported transfers per pairing and year, side by side, latest
    year first; with ``only_open`` only those that differ, picked out by the database.

    No LIMIT for the first few: there is one row per pairing and year, and a LIMIT on rows
    ordered like the (pairing, year, type) index tempts PostgreSQL to walk that index over
    the whole country's transfers instead of reading the place's own."""
    rows = (movements.filter(type=MovementType.TRANSFER).order_by()
            .values("pairing_id", "year")
            .annotate(donor=FIGURES["transferred"], recipient=FIGURES["received"]))
    if only_open:
        # Amounts are exact to the fen, so a difference is at least 0.01 when there is one;
        # half a fen keeps SQLite's floating-point sums from passing for a difference.
        rows = rows.annotate(gap=Abs(F("donor") - F("recipient"))).filter(gap__gt=HALF_FEN)
    return [Mismatch(r["pairing_id"], r["year"], r["donor"], r["recipient"])
            for r in rows.order_by("-year", "pairing_id")]


@dataclass
class Idle:
    project_id: int
    allocated_before: Decimal
    spent: Decimal
    returned: Decimal

    @property
    def idle(self) -> Decimal:
        return max(ZERO, self.allocated_before - self.spent - self.returned)


def idle_funds(movements: QuerySet[FundMovement], today: dt.date | None = None,
               months: int | None = None, limit: int | None = None) -> list[Idle]:
    """Projects holding money allocated more than ``months`` ago and still unspent, the most
    idle first (then by project). The database groups, filters and orders the projects, so
    ``limit`` reads only the rows shown."""
    today = today or dt.date.today()
    months = settings.IDLE_FUNDS_MONTHS if months is None else months
    cutoff = _months_before(today, months)
    allocated_before = Q(type=MovementType.ALLOCATION, date__lte=cutoff)
    # what is still held, as one sum (ranking by it needs no second pass over the figures)
    held = Sum(Case(When(allocated_before, then=F("amount")),
                    When(type__in=[MovementType.SPENDING, MovementType.RETURN],
                         then=-F("amount")),
                    default=Value(ZERO)), output_field=_money())
    rows = (movements.filter(project__isnull=False).order_by().values("project_id")
            .annotate(allocated_before=_sum(allocated_before),
                      spent=FIGURES["spent"], returned=FIGURES["returned"])
            .alias(held=held)
            # as above: idle money is at least a fen; rounding ranks equal amounts alike
            .filter(held__gt=HALF_FEN)
            .order_by(Round("held", 2).desc(), "project_id"))
    if limit is not None:
        rows = rows[:limit]
    return [Idle(r["project_id"], r["allocated_before"], r["spent"], r["returned"])
            for r in rows]


def _months_before(day: dt.date, months: int) -> dt.date:
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    import calendar

    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))
