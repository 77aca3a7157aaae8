"""Reporting periods, derived from a data set's frequency: nothing is stored per month.

A period is named by its first day (2026-10-01 for October 2026, 2026-07-01 for the third
quarter, 2026-01-01 for the year). Its deadline is day N of its last month (clamped to the
month's length): a monthly data set due on the 28th is due on 28 October for October.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

MONTHLY, QUARTERLY, YEARLY = "monthly", "quarterly", "yearly"
_MONTHS = {MONTHLY: 1, QUARTERLY: 3, YEARLY: 12}


@dataclass(frozen=True, order=True)
class Period:
    start: dt.date
    end: dt.date
    frequency: str

    @classmethod
    def containing(cls, frequency: str, day: dt.date) -> Period:
        months = _MONTHS[frequency]
        first_month = (day.month - 1) // months * months + 1
        start = dt.date(day.year, first_month, 1)
        last_month = first_month + months - 1
        end = dt.date(day.year, last_month, calendar.monthrange(day.year, last_month)[1])
        return cls(start, end, frequency)

    def deadline(self, day: int) -> dt.date:
        last = calendar.monthrange(self.end.year, self.end.month)[1]
        return self.end.replace(day=min(max(day, 1), last))

    def next(self) -> Period:
        return Period.containing(self.frequency, self.end + dt.timedelta(days=1))

    def previous(self) -> Period:
        return Period.containing(self.frequency, self.start - dt.timedelta(days=1))

    @property
    def label(self) -> str:
        if self.frequency == MONTHLY:
            return _("%(y)s年%(m)s月") % {"y": self.start.year, "m": self.start.month}
        if self.frequency == QUARTERLY:
            return _("%(y)s年第%(q)s季度") % {"y": self.start.year,
                                           "q": (self.start.month - 1) // 3 + 1}
        return _("%(y)s年") % {"y": self.start.year}

    def __str__(self) -> str:
        return self.label


def periods_between(frequency: str, first: dt.date, last: dt.date) -> list[Period]:
    """The periods from the one containing ``first`` to the one containing ``last``."""
    found: list[Period] = []
    period = Period.containing(frequency, first)
    while period.start <= last:
        found.append(period)
        period = period.next()
    return found
