"""Reporting rates (DHIS2's 上报率): for a data set, a period and a region, every county that
owes the period — whether or not it ever opened it — with expected / submitted / on time /
approved, rolled up by prefecture and province, and the same rates month by month.

Who owes: the counties that are the owing party (``DataSet.owed_by``: recipient, donor or
both) of a pairing in force on some day of the period, from the data set's first period on.
Everything is read in three queries whatever the number of counties: the pairings, the
submissions of the year, and nothing per county.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from xiezuo.core.scoping import Scope
from xiezuo.regions.models import Level, Region
from xiezuo.reporting.models import DataSet, OwedBy, Status, Submission
from xiezuo.reporting.periods import Period, periods_between

SUBMITTED = (Status.SUBMITTED, Status.REVIEWED, Status.APPROVED)


@dataclass
class CountyRow:
    """One county that owes the period, and where its report stands."""

    region: Region
    deadline: dt.date
    submission: Submission | None

    @property
    def prefecture(self) -> Region | None:
        parent = self.region.parent
        return parent if parent is not None and parent.level == Level.PREFECTURE else None

    @property
    def province(self) -> Region | None:
        for node in (self.region.parent, getattr(self.region.parent, "parent", None)):
            if node is not None and node.level == Level.PROVINCE:
                return node
        return None

    @property
    def opened(self) -> bool:
        return self.submission is not None

    @property
    def submitted(self) -> bool:
        return self.submission is not None and self.submission.status in SUBMITTED

    @property
    def on_time(self) -> bool:
        return self.submitted and not self.submission.late  # type: ignore[union-attr]

    @property
    def approved(self) -> bool:
        return self.submission is not None and self.submission.status == Status.APPROVED

    def is_late(self, today: dt.date) -> bool:
        """Not submitted and past its deadline: the ones a reminder goes to."""
        return not self.submitted and self.deadline < today


@dataclass
class Rate:
    """Counts of a group of counties (a prefecture, a province, a month, everything)."""

    label: str
    expected: int = 0
    submitted: int = 0
    on_time: int = 0
    approved: int = 0
    late: int = 0
    key: str = ""

    def add(self, row: CountyRow, today: dt.date) -> None:
        self.expected += 1
        self.submitted += row.submitted
        self.on_time += row.on_time
        self.approved += row.approved
        self.late += row.is_late(today)

    def _pct(self, n: int) -> float | None:
        return round(100 * n / self.expected, 1) if self.expected else None

    @property
    def submitted_rate(self) -> float | None:
        return self._pct(self.submitted)

    @property
    def on_time_rate(self) -> float | None:
        return self._pct(self.on_time)

    @property
    def approved_rate(self) -> float | None:
        return self._pct(self.approved)


@dataclass
class Rates:
    """The counties owing each period of ``year`` inside ``within`` and the user's scope."""

    data_set: DataSet
    year: int
    within: Region | None
    user: Any
    today: dt.date
    _owing: list[tuple[Region, dt.date, dt.date | None]] = field(default_factory=list)
    _submissions: dict[tuple[int, dt.date], Submission] = field(default_factory=dict)

    def __post_init__(self) -> None:
        from xiezuo.pairings.models import Pairing

        first, last = dt.date(self.year, 1, 1), dt.date(self.year, 12, 31)
        scope = Scope.of(self.user)
        sides = {OwedBy.RECIPIENT: ["recipient"], OwedBy.DONOR: ["donor"],
                 OwedBy.BOTH: ["recipient", "donor"]}[OwedBy(self.data_set.owed_by)]
        pairings = Pairing.objects.filter(start_date__lte=last).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=first)).select_related(
            *(f"{s}__parent__parent" for s in sides))
        seen: set[tuple[int, dt.date, dt.date | None]] = set()
        for pairing in pairings:
            for side in sides:
                region = getattr(pairing, side)
                if region is None or region.level != Level.COUNTY:
                    continue
                if not scope.covers_key(region.scope_key):
                    continue
                if self.within is not None and not region.is_within(self.within):
                    continue
                key = (region.pk, pairing.start_date, pairing.end_date)
                if key not in seen:
                    seen.add(key)
                    self._owing.append((region, pairing.start_date, pairing.end_date))
        ids = {region.pk for region, _s, _e in self._owing}
        self._submissions = {(s.region_id, s.period_start): s for s in Submission.objects.filter(
            data_set=self.data_set, region_id__in=ids, period_start__gte=first,
            period_start__lte=last)}

    def periods(self) -> list[Period]:
        """The data set's periods of the year that have begun (and that it asks for)."""
        first = max(dt.date(self.year, 1, 1), self.data_set.start_date)
        last = min(dt.date(self.year, 12, 31), self.today)
        if first > last:
            return []
        return [p for p in periods_between(self.data_set.frequency, first, last)
                if p.end >= self.data_set.start_date]

    def rows(self, period: Period) -> list[CountyRow]:
        """Every county owing ``period``, by code, with its submission (None: never opened)."""
        deadline = period.deadline(self.data_set.deadline_day)
        found: dict[int, CountyRow] = {}
        for region, start, end in self._owing:
            if start <= period.end and (end is None or end >= period.start):
                found.setdefault(region.pk, CountyRow(
                    region, deadline, self._submissions.get((region.pk, period.start))))
        return sorted(found.values(), key=lambda r: r.region.code)

    def rollup(self, rows: list[CountyRow]) -> tuple[Rate, list[Rate], list[Rate]]:
        """The total, the provinces and the prefectures of ``rows``."""
        total = Rate(label="")
        provinces: dict[str, Rate] = {}
        prefectures: dict[str, Rate] = {}
        for row in rows:
            total.add(row, self.today)
            province, prefecture = row.province, row.prefecture
            pkey = province.code if province else ""
            provinces.setdefault(pkey, Rate(label=province.name if province else "—",
                                            key=pkey)).add(row, self.today)
            if prefecture is not None:
                prefectures.setdefault(prefecture.code, Rate(
                    label=prefecture.name, key=prefecture.code)).add(row, self.today)
        return (total, sorted(provinces.values(), key=lambda r: r.key),
                sorted(prefectures.values(), key=lambda r: r.key))

    def trend(self) -> list[tuple[Period, Rate]]:
        """The whole region's rates period by period."""
        made = []
        for period in self.periods():
            rate = Rate(label=period.label)
            for row in self.rows(period):
                rate.add(row, self.today)
            made.append((period, rate))
        return made
