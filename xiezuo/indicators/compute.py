"""Figures from the ledgers: actual per (indicator, subject, period), targets, completion,
year on year, per-county averages, and the rows behind every figure.

How roll-ups avoid double counting: a figure for a pairing is one aggregate over the ledger
rows whose pairing is that pairing *or any pairing below it*; a figure for a region is one
aggregate over the rows whose region lies in the region's subtree (``scope_key`` prefix) —
or, on the donor side, whose pairing's donor does. Children's figures are never added
up, so a row recorded under a county pairing is counted once in its city pairing and once in
its province pairing, and a person counted in two pairings is still one distinct person.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Count, DecimalField, Q, QuerySet, Sum
from django.db.models.functions import ExtractMonth

from xiezuo.indicators.aggregates import Stored
from xiezuo.indicators.models import (
    Aggregation,
    AnnualTarget,
    Indicator,
    ManualEntry,
    Measure,
    PeriodType,
)
from xiezuo.ledgers import figures
from xiezuo.ledgers.models import LedgerFigure
from xiezuo.pairings.models import Pairing
from xiezuo.regions.models import Level, Region

ZERO = Decimal(0)
#: national statistics cut off at the end of November (month, day); settings may override
DEFAULT_CUTOFF: tuple[int, int] = tuple(getattr(settings, "INDICATOR_CUTOFF", (11, 30)))
FULL_YEAR: tuple[int, int] = (12, 31)


@dataclass(frozen=True)
class Period:
    """A statistical year cut off on a day (national reports: 30 November)."""

    year: int
    cutoff: tuple[int, int] = DEFAULT_CUTOFF

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 1, 1)

    @property
    def end(self) -> dt.date:
        return dt.date(self.year, *self.cutoff)

    def previous(self) -> Period:
        return Period(self.year - 1, self.cutoff)

    @property
    def at_month_end(self) -> bool:
        return (self.end + dt.timedelta(days=1)).day == 1


@dataclass(frozen=True)
class Subject:
    """What a figure is about: a pairing with every pairing below it, a region's subtree on
    one side, or the whole country."""

    key: str
    label: str
    pairing_ids: frozenset[int] | None = None
    region_key: str | None = None
    side: str = "recipient"
    pairing: Pairing | None = None
    region: Region | None = None

    def q(self, prefix: str = "") -> Q:
        """The ledger rows this subject covers (each row has one pairing and one region)."""
        if self.pairing_ids is not None:
            return Q(**{f"{prefix}pairing_id__in": sorted(self.pairing_ids)})
        if self.region_key is not None:
            # Ids from the region registry rather than a join on it: the ledger's own index
            # on its region (or pairing) then picks the subtree's rows.
            within = Region.objects.filter(scope_key__startswith=self.region_key).values("pk")
            if self.side == "donor":
                return Q(**{f"{prefix}pairing__donor_id__in": within})
            return Q(**{f"{prefix}region_id__in": within})
        return Q()

    def pairings_q(self) -> Q:
        """The pairings inside this subject (for targets and county counts)."""
        if self.pairing_ids is not None:
            return Q(pk__in=sorted(self.pairing_ids))
        if self.region_key is not None:
            return Q(**{f"{self.side}__scope_key__startswith": self.region_key})
        return Q()

    def matches(self, pairing_id: int, region_key: str, donor_key: str | None) -> bool:
        if self.pairing_ids is not None:
            return pairing_id in self.pairing_ids
        if self.region_key is not None:
            key = donor_key if self.side == "donor" else region_key
            return key is not None and key.startswith(self.region_key)
        return True

    @property
    def query_params(self) -> dict[str, str]:
        if self.pairing is not None:
            return {"pairing": str(self.pairing.pk)}
        if self.region is not None:
            return {"region": self.region.code, "side": self.side}
        return {}


class Forest:
    """Every pairing's parent, loaded once: descendants of a pairing without a query each."""

    def __init__(self) -> None:
        self.children: dict[int, list[int]] = defaultdict(list)
        self.parent: dict[int, int | None] = {}
        for pk, parent_id in Pairing.objects.order_by().values_list("pk", "parent_id"):
            self.parent[pk] = parent_id
            if parent_id is not None:
                self.children[parent_id].append(pk)

    def tree(self, pk: int) -> frozenset[int]:
        """The pairing and every pairing below it."""
        seen: set[int] = set()
        stack = [pk]
        while stack:
            node = stack.pop()
            if node in seen:
                continue
            seen.add(node)
            stack.extend(self.children.get(node, ()))
        return frozenset(seen)

    def ancestors(self, pk: int) -> list[int]:
        chain: list[int] = []
        node = self.parent.get(pk)
        while node is not None and node not in chain:
            chain.append(node)
            node = self.parent.get(node)
        return chain


def pairing_subject(pairing: Pairing, forest: Forest | None = None) -> Subject:
    forest = forest or Forest()
    return Subject(f"p{pairing.pk}", pairing.label, pairing_ids=forest.tree(pairing.pk),
                   pairing=pairing)


def region_subject(region: Region | None, side: str = "recipient") -> Subject:
    if region is None:
        return Subject("all", "全国")
    return Subject(f"r{side[0]}{region.scope_key}", region.name, region_key=region.scope_key,
                   side=side, region=region)


# --- the ledger side of an indicator -------------------------------------------------------

def period_fields(model: type[models.Model]) -> tuple[str | None, str | None]:
    """(year field, date field) of a ledger model (its declaration, ``figure_period``)."""
    return figures.period_fields(model)


def period_q(model: type[models.Model], period: Period, cumulative: bool = False) -> Q:
    """The rows of ``period``: its year (or all years up to it), not after the cut-off."""
    year_f, date_f = period_fields(model)
    q = Q()
    if year_f:
        q &= Q(**{f"{year_f}__lte" if cumulative else year_f: period.year})
    if date_f:
        q &= Q(**{f"{date_f}__lte": period.end})
        if not year_f and not cumulative:
            q &= Q(**{f"{date_f}__gte": period.start})
    return q


def indicator_q(indicator: Indicator) -> Q:
    return Q(**indicator.filters) if indicator.filters else Q()


def ledger_rows(indicator: Indicator, subject: Subject, period: Period,
                user: Any = None) -> QuerySet[Any]:
    """The main ledger's rows behind a figure (drill-down), through the user's scope."""
    return measure_rows(indicator.measures()[0], subject, period, user)


def measure_rows(measure: Measure, subject: Subject, period: Period,
                 user: Any = None) -> QuerySet[Any]:
    """One measure's ledger rows behind a figure, through the user's scope."""
    model = measure.model()
    if model is None or not measure.indicator.is_available:
        return ManualEntry.objects.none()
    qs: Any = model._default_manager.all()
    if user is not None:
        qs = qs.restrict(user)
    cumulative = measure.indicator.period_type == PeriodType.CUMULATIVE
    return qs.filter(measure.q(), subject.q(), period_q(model, period, cumulative))


def manual_rows(indicator: Indicator, subject: Subject, period: Period,
                user: Any = None) -> QuerySet[ManualEntry]:
    qs: Any = ManualEntry.objects.all()
    if user is not None:
        qs = qs.restrict(user)
    year = ({"year__lte": period.year} if indicator.period_type == PeriodType.CUMULATIVE
            else {"year": period.year})
    return qs.filter(subject.q(), indicator=indicator, as_of__lte=period.end, **year)


def _aggregate(measure: Measure | Indicator, condition: Q) -> Any:
    if measure.aggregation == Aggregation.COUNT:
        return Count("pk", filter=condition)
    if measure.aggregation == Aggregation.DISTINCT:
        return Count(measure.value_field, filter=condition, distinct=True)
    return Sum(measure.value_field, filter=condition,
               output_field=DecimalField(max_digits=20, decimal_places=2))


# --- the pre-aggregated side ---------------------------------------------------------------

def aggregate_period_q(model: type[models.Model], period: Period, cumulative: bool) -> Q:
    """:func:`period_q` on the pre-aggregated figures (valid when the cut-off is a month's
    last day: a row dated up to the cut-off is a row of a month up to the cut-off's)."""
    year_f, date_f = period_fields(model)
    q = Q()
    if year_f:
        q &= Q(year__lte=period.year) if cumulative else Q(year=period.year)
    if date_f:
        q &= Q(month__lte=period.end.replace(day=1))
        if not year_f and not cumulative:
            q &= Q(month__gte=period.start)
    return q


def from_aggregates(indicators: Sequence[Indicator],
                    periods: Sequence[Period]) -> Stored:
    """The indicators whose figures for ``periods`` the pre-aggregates give exactly, with the
    stored measures they read."""
    from xiezuo.indicators import aggregates

    candidates = [i for i in indicators if i.is_available
                  and i.aggregation != Aggregation.LATEST]
    if not candidates:
        return {}
    out: Stored = {}
    for pk, parts in aggregates.built(candidates).items():
        ind = next(i for i in candidates if i.pk == pk)
        ok = True
        for m in ind.measures():
            model = m.model()
            assert model is not None
            year_f, date_f = period_fields(model)
            if date_f and not all(p.at_month_end for p in periods):
                ok = False
            if m.aggregation == Aggregation.DISTINCT and (
                    ind.period_type == PeriodType.CUMULATIVE or not year_f):
                ok = False
        if ok:
            out[pk] = parts
    return out


def _measure_period_q(measure: Measure, period: Period, measure_id: int) -> Q:
    model = measure.model()
    assert model is not None
    cumulative = measure.indicator.period_type == PeriodType.CUMULATIVE
    return Q(measure_id=measure_id) & aggregate_period_q(model, period, cumulative)


def _indicator_period_q(indicator: Indicator, period: Period, parts: dict[int, int]) -> Q:
    """The stored figures of every measure of ``indicator`` in ``period``."""
    return _any(_measure_period_q(m, period, parts[m.part]) for m in indicator.measures())


def _aggregates(indicators: Sequence[Indicator], subjects: Sequence[Subject],
                periods: Sequence[Period], user: Any) -> Any:
    qs: Any = LedgerFigure.objects.order_by()
    if user is not None:
        qs = qs.restrict(user)
    # A figure's year is the row's year field or its date's year: whatever the periods'
    # conditions, the rows lie in these years (the index on place or pairing and year).
    years = Q(year__lte=max(p.year for p in periods))
    if not any(i.period_type == PeriodType.CUMULATIVE for i in indicators):
        years &= Q(year__gte=min(p.year for p in periods))
    return qs.filter(_cover(subjects), years)


def _in_period(measure: Measure, period: Period, year: int | None,
               month: dt.date | None) -> bool:
    """:func:`aggregate_period_q` for one stored figure, in Python."""
    model = measure.model()
    assert model is not None
    year_f, date_f = period_fields(model)
    cumulative = measure.indicator.period_type == PeriodType.CUMULATIVE
    if year_f and (year is None or (year > period.year if cumulative else year != period.year)):
        return False
    if date_f:
        if month is None or month > period.end.replace(day=1):
            return False
        if not year_f and not cumulative and month < period.start:
            return False
    return True


def _compute_aggregated(indicators: Sequence[Indicator], subjects: Sequence[Subject],
                        periods: Sequence[Period], user: Any, results: Results,
                        stored: Stored) -> None:
    """One query: the stored figures summed per indicator, measure, year and month (and per
    pairing and place when there are several subjects: a group is one pairing and one place,
    so it lies wholly inside a subject or outside it); the periods' conditions are then
    applied to those few hundred sums."""
    # A stored measure may serve several indicators (the same definition twice).
    readers: dict[int, list[Measure]] = defaultdict(list)
    for ind in indicators:
        for m in ind.measures():
            readers[stored[ind.pk][m.part]].append(m)
    one = len(subjects) == 1  # the query's rows are the subject's already
    fields = ["measure_id", "year", "month"]
    if not one:
        fields += ["pairing_id", "region__scope_key", "pairing__donor__scope_key"]
    rows = (_aggregates(indicators, subjects, periods, user)
            .filter(measure_id__in=sorted(readers))
            .values(*fields).annotate(v=Sum("value")).values_list(*fields, "v"))
    for ind in indicators:
        for s in subjects:
            for p in periods:
                results.cells[(ind.pk, s.key, p.year)].ledger = ZERO
    for row in rows:
        measure_id, year, month = row[:3]
        value = row[-1]
        if value is None:
            continue
        if isinstance(month, str):  # a backend that hands dates back as text
            month = dt.date.fromisoformat(month)
        inside = subjects if one else [s for s in subjects if s.matches(row[3], row[4],
                                                                          row[5])]
        for measure in readers.get(measure_id, ()):
            ind_pk = measure.indicator.pk
            for p in periods:
                if _in_period(measure, p, year, month):
                    for s in inside:
                        cell = results.cells[(ind_pk, s.key, p.year)]
                        cell.ledger = (cell.ledger or ZERO) + Decimal(value)


@dataclass
class Cell:
    """One figure: what the ledger gives plus manual entries (marked), or not available."""

    ledger: Decimal | None = None
    manual: Decimal = ZERO
    available: bool = True

    @property
    def value(self) -> Decimal | None:
        if not self.available and not self.manual:
            return None
        return (self.ledger or ZERO) + self.manual


@dataclass
class Results:
    cells: dict[tuple[int, str, int], Cell] = field(default_factory=dict)

    def get(self, indicator: Indicator, subject: Subject, period: Period | int) -> Cell:
        year = period if isinstance(period, int) else period.year
        return self.cells.get((indicator.pk, subject.key, year), Cell(available=False))


def compute(indicators: Sequence[Indicator], subjects: Sequence[Subject],
            periods: Sequence[Period], user: Any = None,
            stored: Stored | None = None) -> Results:
    """Every (indicator, subject, period) figure: from the pre-aggregates where they give it
    exactly (one query), otherwise one query per ledger model for sums, counts and distinct
    counts and one per 'latest' indicator; one for all manual entries. An indicator that
    reads several ledgers adds their figures. ``stored``: what :func:`from_aggregates` said
    for these periods (or wider ones), when the caller asked already."""
    assert len({p.year for p in periods}) == len(periods), "one period a year (cells by year)"
    results = Results()
    for ind in indicators:
        for s in subjects:
            for p in periods:
                results.cells[(ind.pk, s.key, p.year)] = Cell(available=ind.is_available)
    if stored is None:
        stored = from_aggregates(indicators, periods)
    if stored:
        _compute_aggregated([i for i in indicators if i.pk in stored], subjects, periods,
                            user, results, stored)
    by_model: dict[type[models.Model], list[Measure]] = defaultdict(list)
    for ind in indicators:
        if ind.is_available and ind.pk not in stored:
            for m in ind.measures():
                model = m.model()
                assert model is not None
                by_model[model].append(m)
    for model, group in by_model.items():
        plain = [m for m in group if m.aggregation != Aggregation.LATEST]
        if plain:
            _compute_plain(model, plain, subjects, periods, user, results)
        for m in group:
            if m.aggregation == Aggregation.LATEST:
                _compute_latest(model, m, subjects, periods, user, results)
    _add_manual(indicators, subjects, periods, user, results)
    return results


def compute_pairings(indicators: Sequence[Indicator], subjects: Sequence[Subject],
                     periods: Sequence[Period], user: Any = None) -> Results:
    """The same figures for many pairing subjects at once (a national assessment).

    Sums and counts come from one query per ledger model grouped by the rows' own pairing:
    those groups partition the rows, so a subject's figure is the sum of the groups of the
    pairings in its tree, each row still counted exactly once. Distinct counts over a tree
    of several pairings, and latest values, are not additive: they go through
    :func:`compute`, which filters the rows per subject.
    """
    assert all(s.pairing_ids is not None for s in subjects)
    assert len({p.year for p in periods}) == len(periods), "one period a year (cells by year)"
    singletons = all(len(s.pairing_ids or ()) == 1 for s in subjects)
    additive: list[Indicator] = []
    other: list[Indicator] = []
    for ind in indicators:
        plain = all(m.aggregation in (Aggregation.SUM, Aggregation.COUNT) or (
            m.aggregation == Aggregation.DISTINCT and singletons) for m in ind.measures())
        (additive if plain and ind.is_available else other).append(ind)
    results = compute(other, subjects, periods, user) if other else Results()
    for ind in additive:
        for s in subjects:
            for p in periods:
                results.cells[(ind.pk, s.key, p.year)] = Cell(available=True, ledger=ZERO)
    by_model: dict[type[models.Model], list[Measure]] = defaultdict(list)
    for ind in additive:
        for m in ind.measures():
            model = m.model()
            assert model is not None
            by_model[model].append(m)
    ids = sorted(set().union(*(s.pairing_ids or () for s in subjects))) if subjects else []
    for model, group in by_model.items():
        cumulative_any = any(m.indicator.period_type == PeriodType.CUMULATIVE for m in group)
        span = _any(period_q(model, p, cumulative_any) for p in periods)
        exprs: dict[str, Any] = {}
        for i, m in enumerate(group):
            cumulative = m.indicator.period_type == PeriodType.CUMULATIVE
            for k, p in enumerate(periods):
                exprs[f"v{i}_{k}"] = _aggregate(m, m.q() & period_q(model, p, cumulative))
        own = {row["pairing_id"]: row for row in _base(model, user).filter(
            pairing_id__in=ids).filter(span).values("pairing_id").annotate(**exprs)}
        for s in subjects:
            for i, m in enumerate(group):
                for k, p in enumerate(periods):
                    total = sum((Decimal(own[pid][f"v{i}_{k}"] or 0)
                                 for pid in s.pairing_ids or () if pid in own), ZERO)
                    cell = results.cells[(m.indicator.pk, s.key, p.year)]
                    cell.ledger = (cell.ledger or ZERO) + total
    _add_manual(additive, subjects, periods, user, results)
    return results


def monthly(indicator: Indicator, subject: Subject, period: Period,
            user: Any = None, stored: Stored | None = None) -> dict[int, Decimal] | None:
    """The figure month by month (1 … the cut-off's month) within ``period``, or None when
    it has no months (a ledger without dates, a latest value). Months are the months of the
    rows' dates (of the pre-aggregates' months, the same)."""
    measures = indicator.measures()
    if indicator.aggregation == Aggregation.LATEST or not indicator.is_available:
        return None
    for m in measures:
        model = m.model()
        if model is None or period_fields(model)[1] is None:
            return None
    out: dict[int, Decimal] = defaultdict(lambda: ZERO)
    if stored is None:
        stored = from_aggregates([indicator], [period])
    if indicator.pk in stored:
        rows = (_aggregates([indicator], [subject], [period], user)
                .filter(_indicator_period_q(indicator, period, stored[indicator.pk]), subject.q())
                .annotate(m=ExtractMonth("month")).values("m")
                .annotate(v=Sum("value")).values_list("m", "v"))
        for month, v in rows:
            out[month] += Decimal(v or 0)
    else:
        for m in measures:
            model = m.model()
            assert model is not None
            date_f = period_fields(model)[1]
            assert date_f is not None
            rows = (measure_rows(m, subject, period, user).order_by()
                    .annotate(m=ExtractMonth(date_f)).values("m")
                    .annotate(v=_aggregate(m, Q())).values_list("m", "v"))
            for month, v in rows:
                out[month] += Decimal(v or 0)
    return {k: out[k] for k in range(1, period.cutoff[0] + 1)}


def by_pairing(indicator: Indicator, subject: Subject, period: Period,
               user: Any = None, stored: Stored | None = None) -> dict[int, Decimal]:
    """The figure of the rows recorded under each pairing itself (not its children) inside
    ``subject``: a partition for sums and counts (map weights)."""
    out: dict[int, Decimal] = defaultdict(lambda: ZERO)
    if stored is None:
        stored = from_aggregates([indicator], [period])
    if indicator.pk in stored:
        rows = (_aggregates([indicator], [subject], [period], user)
                .filter(_indicator_period_q(indicator, period, stored[indicator.pk]), subject.q())
                .values("pairing_id").annotate(v=Sum("value")).values_list("pairing_id", "v"))
        for pk, v in rows:
            out[pk] += Decimal(v or 0)
    else:
        for m in indicator.measures():
            rows = (measure_rows(m, subject, period, user).order_by().values("pairing_id")
                    .annotate(v=_aggregate(m, Q())).values_list("pairing_id", "v"))
            for pk, v in rows:
                out[pk] += Decimal(v or 0)
    return dict(out)


def _base(model: type[models.Model], user: Any) -> Any:
    qs: Any = model._default_manager.order_by()
    return qs.restrict(user) if user is not None else qs


def _cover(subjects: Sequence[Subject]) -> Q:
    """The rows any of ``subjects`` covers (a prefilter; each subject filters again)."""
    if subjects and all(s.pairing_ids is not None for s in subjects):
        return Q(pairing_id__in=sorted(set().union(*(s.pairing_ids or () for s in subjects))))
    return _any(s.q() for s in subjects)


def _any(qs: Iterable[Q]) -> Q:
    out = Q()
    parts = list(qs)
    if any(not q for q in parts):  # an empty Q is "every row"
        return Q()
    for q in parts:
        out |= q
    return out


def _compute_plain(model: type[models.Model], measures: list[Measure],
                   subjects: Sequence[Subject], periods: Sequence[Period], user: Any,
                   results: Results) -> None:
    cumulative_any = any(m.indicator.period_type == PeriodType.CUMULATIVE for m in measures)
    span = _any(period_q(model, p, cumulative_any) for p in periods)
    qs = _base(model, user).filter(_cover(subjects), span)
    exprs: dict[str, Any] = {}
    keys: dict[str, tuple[int, str, int]] = {}
    for i, m in enumerate(measures):
        cumulative = m.indicator.period_type == PeriodType.CUMULATIVE
        for j, s in enumerate(subjects):
            for k, p in enumerate(periods):
                name = f"v{i}_{j}_{k}"
                exprs[name] = _aggregate(m, m.q() & s.q() & period_q(model, p, cumulative))
                keys[name] = (m.indicator.pk, s.key, p.year)
    row = qs.aggregate(**exprs)
    for name, key in keys.items():
        results.cells[key].ledger = (results.cells[key].ledger or ZERO) + Decimal(
            row[name] or 0)


def _compute_latest(model: type[models.Model], measure: Measure,
                    subjects: Sequence[Subject], periods: Sequence[Period], user: Any,
                    results: Results) -> None:
    """The latest value up to each period's cut-off, per pairing and place, summed."""
    indicator = measure.indicator
    _year_f, date_f = period_fields(model)
    order = date_f or _year_f or "pk"
    last_end = max(p.end for p in periods)
    rows = (_base(model, user)
            .filter(measure.q(), _cover(subjects),
                    period_q(model, Period(last_end.year, (last_end.month, last_end.day)),
                             cumulative=True))
            .order_by(order, "pk")
            .values_list("pairing_id", "region_id", "region__scope_key",
                         "pairing__donor__scope_key", order, measure.value_field))
    for p in periods:
        latest: dict[tuple[int, int], tuple[str, str | None, Decimal]] = {}
        for pairing_id, region_id, region_key, donor_key, when, value in rows:
            if (date_f and when > p.end) or (not date_f and _year_f and when > p.year):
                continue
            latest[(pairing_id, region_id)] = (region_key, donor_key, Decimal(value or 0))
        for s in subjects:
            total = sum((v for (pid, _r), (rk, dk, v) in latest.items()
                         if s.matches(pid, rk, dk)), ZERO)
            results.cells[(indicator.pk, s.key, p.year)].ledger = total


def _add_manual(indicators: Sequence[Indicator], subjects: Sequence[Subject],
                periods: Sequence[Period], user: Any, results: Results) -> None:
    ids = [i.pk for i in indicators]
    if not ids:
        return
    qs: Any = ManualEntry.objects.order_by().filter(indicator_id__in=ids)
    if user is not None:
        qs = qs.restrict(user)
    rows = qs.filter(_cover(subjects)).values_list(
        "indicator_id", "pairing_id", "region__scope_key", "pairing__donor__scope_key",
        "year", "as_of", "value")
    by_id = {i.pk: i for i in indicators}
    for ind_id, pairing_id, region_key, donor_key, year, as_of, value in rows:
        ind = by_id[ind_id]
        cumulative = ind.period_type == PeriodType.CUMULATIVE
        for p in periods:
            if as_of > p.end or (year > p.year if cumulative else year != p.year):
                continue
            for s in subjects:
                if s.matches(pairing_id, region_key, donor_key):
                    results.cells[(ind_id, s.key, p.year)].manual += Decimal(value)


# --- targets, completion, year on year, per-county averages --------------------------------

def targets(indicators: Sequence[Indicator], subjects: Sequence[Subject], years: Sequence[int],
            forest: Forest | None = None) -> dict[tuple[int, str, int], Decimal]:
    """Signed targets per (indicator, subject, year), in one query.

    A subject's target is the sum of the targets signed inside it, except those whose
    enclosing pairing (also inside it) signed a target for the same indicator and year: the
    province's agreement already holds its counties' targets, so they are not added again.
    """
    forest = forest or Forest()
    ids = [i.pk for i in indicators]
    rows = list(AnnualTarget.objects.order_by().filter(
        indicator_id__in=ids, year__in=list(years)).filter(
        _cover(subjects)).values_list(
        "indicator_id", "year", "pairing_id", "region__scope_key",
        "pairing__donor__scope_key", "value"))
    out: dict[tuple[int, str, int], Decimal] = {}
    rows_of: dict[int, list[Any]] = defaultdict(list)
    for row in rows:
        rows_of[row[2]].append(row)
    for s in subjects:
        inside: dict[tuple[int, int], dict[int, Decimal]] = defaultdict(dict)
        candidates = (rows if s.pairing_ids is None else
                      [r for pid in s.pairing_ids for r in rows_of.get(pid, ())])
        for ind_id, year, pairing_id, region_key, donor_key, value in candidates:
            if s.matches(pairing_id, region_key, donor_key):
                bucket = inside[(ind_id, year)]
                bucket[pairing_id] = bucket.get(pairing_id, ZERO) + Decimal(value)
        for (ind_id, year), by_pairing in inside.items():
            total = sum((v for pid, v in by_pairing.items()
                         if not any(a in by_pairing for a in forest.ancestors(pid))), ZERO)
            out[(ind_id, s.key, year)] = total
    return out


def completion(actual: Decimal | None, target: Decimal | None) -> Decimal | None:
    """Actual ÷ target (1 = 100 %); None without a target."""
    if actual is None or not target:
        return None
    return Decimal(actual) / Decimal(target)


def yoy(current: Decimal | None, previous: Decimal | None) -> Decimal | None:
    """Change on the year before, as a fraction (0.1 = +10 %); None when there was nothing."""
    if current is None or not previous:
        return None
    return (Decimal(current) - Decimal(previous)) / Decimal(previous)


def assisted_counties(subject: Subject, year: int) -> int:
    """Distinct county-level recipients of the pairings inside ``subject`` active in
    ``year`` (the divisor of 县均 figures)."""
    qs = Pairing.objects.active_in_year(year).filter(subject.pairings_q(),
                                                    recipient__level=Level.COUNTY)
    return qs.order_by().values("recipient_id").distinct().count()


def per_county(value: Decimal | None, counties: int) -> Decimal | None:
    if value is None or not counties:
        return None
    return Decimal(value) / counties
