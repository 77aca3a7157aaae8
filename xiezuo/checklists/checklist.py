"""Figures of the checklists: task progress, and the monthly 问题清零 rate.

The 清零 rate of a period (a month, usually):

    rate = cleared ÷ due

where **due** counts the problems whose clearing deadline (清零时限) falls on or before the
period's last day and that were not yet cleared when the period began — those due within the
period (whenever they were cleared, even early) and those overdue from earlier periods still
open on its first day — and **cleared** counts those of them cleared by the period's last day.
A problem overdue and still open is counted as due again every month until it is cleared; a
problem cleared before its deadline month counts in that month as due and cleared. With no
problem due the rate is empty (shown as "—"), not 100 %.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from xiezuo.checklists.models import TaskStatus, cleared_q, due_q


@dataclass
class Progress:
    total: int
    done: int
    overdue: int

    @property
    def share(self) -> Decimal | None:
        return Decimal(self.done) / Decimal(self.total) if self.total else None


def progress(tasks: Any, today: dt.date | None = None) -> Progress:
    """Done / total and overdue over a set of tasks, in one query."""
    today = today or timezone.localdate()
    row = tasks.order_by().aggregate(
        total=Count("pk"), done=Count("pk", filter=Q(status=TaskStatus.DONE)),
        overdue=Count("pk", filter=~Q(status=TaskStatus.DONE) & Q(deadline__lt=today)))
    return Progress(row["total"], row["done"], row["overdue"])


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


@dataclass
class Rate:
    start: dt.date
    end: dt.date
    due: int
    cleared: int
    #: found in the period / open at its end (for the table, not the rate)
    found: int = 0
    open_at_end: int = 0

    @property
    def rate(self) -> Decimal | None:
        return Decimal(self.cleared) / Decimal(self.due) if self.due else None


def clearing_rates(problems: Any, periods: list[tuple[dt.date, dt.date]]) -> list[Rate]:
    """The 清零 rate of each period over ``problems`` (already scoped and filtered), in one
    query whatever the number of periods."""
    aggregates: dict[str, Any] = {}
    for i, (start, end) in enumerate(periods):
        aggregates[f"due{i}"] = Count("pk", filter=due_q(start, end))
        aggregates[f"cleared{i}"] = Count("pk", filter=cleared_q(start, end))
        aggregates[f"found{i}"] = Count("pk", filter=Q(found_on__gte=start, found_on__lte=end))
        aggregates[f"open{i}"] = Count("pk", filter=Q(found_on__lte=end) & (
            Q(cleared_on__isnull=True) | Q(cleared_on__gt=end)))
    row = problems.order_by().aggregate(**aggregates) if periods else {}
    return [Rate(start, end, row[f"due{i}"], row[f"cleared{i}"], row[f"found{i}"],
                 row[f"open{i}"]) for i, (start, end) in enumerate(periods)]


def monthly_rates(problems: Any, year: int, until: dt.date | None = None) -> list[Rate]:
    """The rate of every month of ``year`` up to ``until`` (default: today)."""
    until = until or timezone.localdate()
    months = [month_bounds(year, m) for m in range(1, 13) if dt.date(year, m, 1) <= until]
    return clearing_rates(problems, months)
