"""Figures derived from the postings' dates, computed and never stored.

- headcount (在岗人数) on a day: postings that have started and not ended;
- person-months (人月): the days each posting overlaps a period, in months of 365.25/12 days;
  an open posting counts up to the end of the period or today, whichever comes first.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from xiezuo.people.models import Direction

DAYS_PER_MONTH = Decimal("365.25") / 12


def months(days: int) -> Decimal:
    return (Decimal(days) / DAYS_PER_MONTH).quantize(Decimal("0.1"), ROUND_HALF_UP)


def overlap_days(start: dt.date, end: dt.date | None, first: dt.date, last: dt.date) -> int:
    """Days of the posting [start, end] that fall in [first, last], both ends included."""
    begin, finish = max(start, first), min(end or last, last)
    return max(0, (finish - begin).days + 1)


def _period(year: int | None, today: dt.date) -> tuple[dt.date, dt.date]:
    if year is None:
        return dt.date(1900, 1, 1), today
    return dt.date(year, 1, 1), min(dt.date(year, 12, 31), today)


def person_months(postings: Any, year: int | None = None, today: dt.date | None = None
                  ) -> Decimal:
    """Person-months of ``postings`` (a queryset) in ``year``, or over all time up to today."""
    today = today or dt.date.today()
    first, last = _period(year, today)
    days = sum(overlap_days(s, e, first, last)
               for s, e in postings.order_by().values_list("start_date", "end_date"))
    return months(days)


def headcount(postings: Any, day: dt.date | None = None) -> int:
    count: int = postings.in_post_on(day or dt.date.today()).count()
    return count


@dataclass
class PairingFigures:
    pairing_id: int
    dispatched: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    in_post: int = 0
    days: int = 0
    by_type: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    @property
    def person_months(self) -> Decimal:
        return months(self.days)

    @property
    def east_west(self) -> int:
        return self.dispatched[Direction.EAST_WEST]

    @property
    def west_east(self) -> int:
        return self.dispatched[Direction.WEST_EAST]


def by_pairing(postings: Any, year: int | None = None, today: dt.date | None = None
               ) -> list[PairingFigures]:
    """Per pairing: postings started (in ``year``, or ever) by direction and type, headcount
    today, person-months; one query."""
    today = today or dt.date.today()
    first, last = _period(year, today)
    out: dict[int, PairingFigures] = {}
    rows = postings.order_by().values_list("pairing_id", "direction", "type", "start_date",
                                           "end_date")
    for pairing_id, direction, kind, start, end in rows:
        f = out.setdefault(pairing_id, PairingFigures(pairing_id))
        days = overlap_days(start, end, first, last)
        f.days += days
        if year is None or start.year == year:
            f.dispatched[direction] += 1
            f.by_type[kind] += 1
        if start <= today and (end is None or end >= today):
            f.in_post += 1
    return sorted(out.values(), key=lambda f: -sum(f.dispatched.values()))
