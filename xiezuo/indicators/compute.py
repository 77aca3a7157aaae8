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

from xiezuo.indicators.catalogue import PERIOD_FIELDS
from xiezuo.indicators.models import (
    Aggregation,
    AnnualTarget,
    Indicator,
    ManualEntry,
    PeriodType,
)
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
    """(year field, date field) of a ledger model."""
    label = model._meta.label
    if label in PERIOD_FIELDS:
        return PERIOD_FIELDS[label]
    names = {f.name: f for f in model._meta.concrete_fields}
    year = "year" if "year" in names else None
    period_field = getattr(model, "period_field", "")
    date = period_field if isinstance(names.get(period_field), models.DateField) else None
    return year, date


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
    """The ledger rows behind a figure (drill-down), through the user's scope."""
    model = indicator.source_model()
    if model is None or not indicator.is_available:
        return ManualEntry.objects.none()
    qs: Any = model._default_manager.all()
    if user is not None:
        qs = qs.restrict(user)
    cumulative = indicator.period_type == PeriodType.CUMULATIVE
    return qs.filter(indicator_q(indicator), subject.q(), period_q(model, period, cumulative))


def manual_rows(indicator: Indicator, subject: Subject, period: Period,
                user: Any = None) -> QuerySet[ManualEntry]:
    qs: Any = ManualEntry.objects.all()
    if user is not None:
        qs = qs.restrict(user)
    year = ({"year__lte": period.year} if indicator.period_type == PeriodType.CUMULATIVE
            else {"year": period.year})
    return qs.filter(subject.q(), indicator=indicator, as_of__lte=period.end, **year)


def _aggregate(indicator: Indicator, condition: Q) -> Any:
    if indicator.aggregation == Aggregation.COUNT:
        return Count("pk", filter=condition)
    if indicator.aggregation == Aggregation.DISTINCT:
        return Count(indicator.value_field, filter=condition, distinct=True)
    return Sum(indicator.value_field, filter=condition,
               output_field=DecimalField(max_digits=20, decimal_places=2))


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
            periods: Sequence[Period], user: Any = None) -> Results:
    """Every (indicator, subject, period) figure: one query per ledger model for sums,
    counts and distinct counts, one per 'latest' indicator, one for all manual entries."""
    results = Results()
    by_model: dict[type[models.Model], list[Indicator]] = defaultdict(list)
    for ind in indicators:
        model = ind.source_model()
        available = model is not None and ind.is_available
        for s in subjects:
            for p in periods:
                results.cells[(ind.pk, s.key, p.year)] = Cell(available=available)
        if available:
            assert model is not None
            by_model[model].append(ind)
    for model, group in by_model.items():
        plain = [i for i in group if i.aggregation != Aggregation.LATEST]
        if plain:
            _compute_plain(model, plain, subjects, periods, user, results)
        for ind in group:
            if ind.aggregation == Aggregation.LATEST:
                _compute_latest(model, ind, subjects, periods, user, results)
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
    singletons = all(len(s.pairing_ids or ()) == 1 for s in subjects)
    additive: list[Indicator] = []
    other: list[Indicator] = []
    for ind in indicators:
        plain = ind.aggregation in (Aggregation.SUM, Aggregation.COUNT) or (
            ind.aggregation == Aggregation.DISTINCT and singletons)
        (additive if plain and ind.is_available else other).append(ind)
    results = compute(other, subjects, periods, user) if other else Results()
    for ind in additive:
        for s in subjects:
            for p in periods:
                results.cells[(ind.pk, s.key, p.year)] = Cell(available=True)
    by_model: dict[type[models.Model], list[Indicator]] = defaultdict(list)
    for ind in additive:
        model = ind.source_model()
        assert model is not None
        by_model[model].append(ind)
    ids = sorted(set().union(*(s.pairing_ids or () for s in subjects))) if subjects else []
    for model, group in by_model.items():
        cumulative_any = any(i.period_type == PeriodType.CUMULATIVE for i in group)
        span = _any(period_q(model, p, cumulative_any) for p in periods)
        exprs: dict[str, Any] = {}
        for i, ind in enumerate(group):
            cumulative = ind.period_type == PeriodType.CUMULATIVE
            for k, p in enumerate(periods):
                exprs[f"v{i}_{k}"] = _aggregate(
                    ind, indicator_q(ind) & period_q(model, p, cumulative))
        own = {row["pairing_id"]: row for row in _base(model, user).filter(
            pairing_id__in=ids).filter(span).values("pairing_id").annotate(**exprs)}
        for s in subjects:
            for i, ind in enumerate(group):
                for k, p in enumerate(periods):
                    total = sum((Decimal(own[pid][f"v{i}_{k}"] or 0)
                                 for pid in s.pairing_ids or () if pid in own), ZERO)
                    results.cells[(ind.pk, s.key, p.year)].ledger = total
    _add_manual(additive, subjects, periods, user, results)
    return results


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


def _compute_plain(model: type[models.Model], indicators: list[Indicator],
                   subjects: Sequence[Subject], periods: Sequence[Period], user: Any,
                   results: Results) -> None:
    cumulative_any = any(i.period_type == PeriodType.CUMULATIVE for i in indicators)
    span = _any(period_q(model, p, cumulative_any) for p in periods)
    qs = _base(model, user).filter(_cover(subjects), span)
    exprs: dict[str, Any] = {}
    keys: dict[str, tuple[int, str, int]] = {}
    for i, ind in enumerate(indicators):
        cumulative = ind.period_type == PeriodType.CUMULATIVE
        for j, s in enumerate(subjects):
            for k, p in enumerate(periods):
                name = f"v{i}_{j}_{k}"
                exprs[name] = _aggregate(
                    ind, indicator_q(ind) & s.q() & period_q(model, p, cumulative))
                keys[name] = (ind.pk, s.key, p.year)
    row = qs.aggregate(**exprs)
    for name, key in keys.items():
        results.cells[key].ledger = Decimal(row[name] or 0)


def _compute_latest(model: type[models.Model], indicator: Indicator,
                    subjects: Sequence[Subject], periods: Sequence[Period], user: Any,
                    results: Results) -> None:
    """The latest value up to each period's cut-off, per pairing and place, summed."""
    _year_f, date_f = period_fields(model)
    order = date_f or _year_f or "pk"
    last_end = max(p.end for p in periods)
    rows = (_base(model, user)
            .filter(indicator_q(indicator), _cover(subjects),
                    period_q(model, Period(last_end.year, (last_end.month, last_end.day)),
                             cumulative=True))
            .order_by(order, "pk")
            .values_list("pairing_id", "region_id", "region__scope_key",
                         "pairing__donor__scope_key", order, indicator.value_field))
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
