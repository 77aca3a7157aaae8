"""What a dashboard shows, built from :mod:`compute` in a fixed number of queries.

The result is plain data (cached for a few minutes, with the time it was computed): KPI cards,
trends by year and month, the ranking of what lies below, the pairing map weighted by money
and the lists that need attention.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.apps import apps
from django.core.cache import caches
from django.urls import reverse
from django.utils import timezone

from xiezuo.core.money import FACTOR
from xiezuo.indicators import compute as c
from xiezuo.indicators.aggregates import Stored
from xiezuo.indicators.models import Indicator
from xiezuo.pairings.models import Pairing
from xiezuo.regions.models import Region

YEARS_SHOWN = 5
CACHE_SECONDS = 300
#: a target is at risk when completion trails the share of the year elapsed by this much
AT_RISK_MARGIN = Decimal("0.8")


@dataclass
class Kpi:
    indicator: Indicator
    actual: Decimal | None
    manual: Decimal
    previous: Decimal | None
    target: Decimal | None
    completion: Decimal | None
    yoy: Decimal | None
    per_county: Decimal | None
    available: bool
    reason: str
    drill_url: str
    parts: list[Kpi] = field(default_factory=list)
    at_risk: bool = False


def drill_url(indicator: Indicator, subject: c.Subject, period: c.Period) -> str:
    query = {"indicator": indicator.pk, "year": period.year,
             "cutoff": f"{period.cutoff[0]:02d}-{period.cutoff[1]:02d}", **subject.query_params}
    return f"{reverse('indicators:drill')}?{urlencode(query)}"


def expected_share(period: c.Period, today: dt.date) -> Decimal:
    """How much of the year's target should be reached by now (linear in time)."""
    if today >= period.end:
        return Decimal(1)
    if today < period.start:
        return Decimal(0)
    return Decimal((today - period.start).days) / Decimal((period.end - period.start).days)


def kpis(indicators: list[Indicator], subject: c.Subject, period: c.Period, results: c.Results,
         goals: dict[tuple[int, str, int], Decimal], counties: int,
         today: dt.date) -> list[Kpi]:
    cards: dict[int, Kpi] = {}
    share = expected_share(period, today)
    for ind in indicators:
        cell = results.get(ind, subject, period)
        before = results.get(ind, subject, period.previous())
        target = goals.get((ind.pk, subject.key, period.year))
        done = c.completion(cell.value, target)
        cards[ind.pk] = Kpi(
            indicator=ind, actual=cell.value, manual=cell.manual, previous=before.value,
            target=target, completion=done, yoy=c.yoy(cell.value, before.value),
            per_county=c.per_county(cell.value, counties) if ind.per_county else None,
            available=cell.available, reason=ind.unavailable_reason() if not cell.available
            else "", drill_url=drill_url(ind, subject, period),
            at_risk=done is not None and done < share * AT_RISK_MARGIN)
    top: list[Kpi] = []
    for ind in indicators:
        card = cards[ind.pk]
        if ind.parent_id and ind.parent_id in cards:
            cards[ind.parent_id].parts.append(card)
        else:
            top.append(card)
    return top


def chart_number(value: Decimal | None, indicator: Indicator) -> float | None:
    if value is None:
        return None
    return float(value / FACTOR["wan"]) if indicator.is_money else float(value)


def build(subject: c.Subject, period: c.Period, user: Any, children: list[c.Subject],
          lead_code: str = "", today: dt.date | None = None,
          forest: c.Forest | None = None) -> dict[str, Any]:
    today = today or dt.date.today()
    forest = forest or c.Forest()
    indicators = list(Indicator.objects.for_year(period.year).order_by("sort_order", "code"))
    periods = [c.Period(period.year - k, period.cutoff) for k in range(YEARS_SHOWN - 1, -1, -1)]
    # one look at the pre-aggregates' state for every figure of the page
    stored = c.from_aggregates(indicators, periods)
    results = c.compute(indicators, [subject], [period.previous(), period], user, stored)
    years = [p.year for p in periods]
    goals = c.targets(indicators, [subject, *children], years, forest)
    counties = c.assisted_counties(subject, period.year)
    cards = kpis(indicators, subject, period, results, goals, counties, today)
    available = [k.indicator for k in cards if k.available]
    lead = next((i for i in available if i.code == lead_code), None) or (
        available[0] if available else None)
    data: dict[str, Any] = {
        "kpis": cards, "counties": counties, "lead": lead,
        "computed_at": timezone.now(), "ranking": [], "attention": {},
        "charts": {"years": years, "series": [], "months": [], "map": {"lines": []}},
    }
    if lead is None:
        return data
    unit = "万元" if lead.is_money else lead.unit
    data["charts"]["unit"] = unit
    data["charts"]["lead"] = lead.name
    trend = c.compute([lead], [subject], periods, user, stored)
    data["charts"]["series"] = [
        {"name": "actual", "data": [chart_number(trend.get(lead, subject, p).value, lead)
                                    for p in periods]},
        {"name": "target", "data": [chart_number(goals.get((lead.pk, subject.key, y)), lead)
                                    for y in years]},
    ]
    data["charts"]["months"] = monthly(lead, subject, period, user, stored)
    data["ranking"] = ranking(lead, children, period, user, goals, stored)
    data["charts"]["ranking"] = [
        {"name": r["subject"].label, "value": chart_number(r["value"], lead)}
        for r in data["ranking"]]
    data["charts"]["map"] = flows(subject, period, user, forest, stored)
    data["attention"] = attention(subject, period, user, cards, today)
    return data


def monthly(indicator: Indicator, subject: c.Subject, period: c.Period,
            user: Any, stored: Stored | None = None) -> list[float | None]:
    """The lead figure month by month up to the cut-off (one query; needs a date field)."""
    by_month = c.monthly(indicator, subject, period, user, stored)
    if by_month is None:
        return []
    return [chart_number(v, indicator) for v in by_month.values()]


def ranking(indicator: Indicator, children: list[c.Subject], period: c.Period, user: Any,
            goals: dict[tuple[int, str, int], Decimal],
            stored: Stored | None = None) -> list[dict[str, Any]]:
    if not children:
        return []
    results = c.compute([indicator], children, [period], user, stored)
    rows: list[dict[str, Any]] = []
    for s in children:
        value = results.get(indicator, s, period).value
        target = goals.get((indicator.pk, s.key, period.year))
        rows.append({"subject": s, "value": value, "target": target,
                     "completion": c.completion(value, target),
                     "drill_url": drill_url(indicator, s, period)})
    rows.sort(key=lambda r: -(r["value"] or 0))
    for rank, row in enumerate(rows, 1):
        row["rank"] = rank
    return rows


def flows(subject: c.Subject, period: c.Period, user: Any,
          forest: c.Forest, stored: Stored | None = None) -> dict[str, Any]:
    """Donor → recipient lines of the pairings inside ``subject``, weighted by the fiscal aid
    recorded under each pairing and the pairings below it. The sums per pairing come from
    one grouped query; a pairing's weight adds the disjoint sums of its own tree (each
    movement has exactly one pairing, so none is counted twice)."""
    if not apps.is_installed("xiezuo.funds"):
        return {"lines": []}
    fiscal = Indicator.objects.filter(code="fiscal_aid").first()
    if fiscal is None or not fiscal.is_available:
        return {"lines": []}
    pairings: list[Pairing] = list(_pairings(user).active_in_year(period.year)
                    .filter(subject.pairings_q(), donor__isnull=False)
                    .select_related("donor", "recipient")[:400])
    own = c.by_pairing(fiscal, subject, period, user,
                       stored if stored is None or fiscal.pk in stored else {})
    lines = []
    for p in pairings:
        donor, recipient = p.donor, p.recipient
        if donor is None or None in (donor.lng, donor.lat, recipient.lng, recipient.lat):
            continue
        total = sum((Decimal(own.get(pk) or 0) for pk in forest.tree(p.pk)), Decimal(0))
        lines.append({"label": p.label, "value": float(total / FACTOR["wan"]),
                      "coords": [[donor.lng, donor.lat], [recipient.lng, recipient.lat]],
                      "url": reverse("indicators:pairing", args=[p.pk])})
    return {"lines": lines, "unit": "万元"}


def attention(subject: c.Subject, period: c.Period, user: Any, cards: list[Kpi],
              today: dt.date) -> dict[str, Any]:
    out: dict[str, Any] = {"at_risk": [k for k in _all(cards) if k.at_risk]}
    if apps.is_installed("xiezuo.funds"):
        from xiezuo.funds import figures
        from xiezuo.funds.models import FundMovement
        from xiezuo.projects.models import Project

        movements: Any = FundMovement.objects.all()
        if user is not None:
            movements = movements.visible_to(user)
        movements = movements.filter(subject.q())
        # both picked out by the database: the ten projects holding most, the open differences
        out["idle"] = figures.idle_funds(movements, today=today, limit=10)
        projects = [i.project_id for i in out["idle"]]
        names = dict(Project.objects.filter(pk__in=projects).values_list("pk", "name")
                     ) if projects else {}
        out["idle_rows"] = [(i, names.get(i.project_id, "")) for i in out["idle"]]
        out["mismatches"] = figures.reconciliation(movements.filter(year=period.year),
                                                   only_open=True)[:10]
        ids = {m.pairing_id for m in out["mismatches"]}
        labels = {p.pk: p.label for p in Pairing.objects.filter(pk__in=ids).with_regions()}
        out["mismatch_rows"] = [(m, labels.get(m.pairing_id, "")) for m in out["mismatches"]]
    if apps.is_installed("xiezuo.checklists"):
        from xiezuo.checklists.models import Problem, Task

        tasks: Any = Task.objects.visible_to(user) if user is not None else Task.objects.all()
        problems: Any = (Problem.objects.visible_to(user) if user is not None
                         else Problem.objects.all())
        out["overdue_tasks"] = list(tasks.filter(subject.q()).overdue(today)
                                    .select_related("owner_office").order_by("deadline")[:10])
        out["open_problems"] = list(problems.filter(subject.q(), cleared_on__isnull=True)
                                    .select_related("owner_office").order_by("due_on")[:10])
    return out


def _pairings(user: Any) -> Any:
    """Pairings through the user's scope (every pairing when precomputing, user None)."""
    return Pairing.objects.visible_to(user) if user is not None else Pairing.objects.all()


def _all(cards: list[Kpi]) -> list[Kpi]:
    return [k for card in cards for k in (card, *card.parts)]


def children_of_pairing(pairing: Pairing, period: c.Period, user: Any,
                        forest: c.Forest) -> list[c.Subject]:
    kids: Any = (_pairings(user).filter(parent=pairing)
                 .active_in_year(period.year).select_related("donor", "recipient"))
    return [c.pairing_subject(k, forest) for k in kids]


def children_of_region(region: Region | None, side: str, period: c.Period,
                       user: Any) -> list[c.Subject]:
    """The divisions directly below ``region`` that hold a pairing's ``side`` this year."""
    pairings: Any = _pairings(user).active_in_year(period.year)
    if region is not None:
        pairings = pairings.filter(**{f"{side}__scope_key__startswith": region.scope_key})
    keys = set(pairings.exclude(**{f"{side}__isnull": True}).order_by()
               .values_list(f"{side}__scope_key", flat=True))
    below: Any = (Region.objects.filter(parent=region) if region is not None else
                  Region.objects.filter(parent__isnull=True, level="province"))
    below = below.filter(valid_to__isnull=True)
    return [c.region_subject(r, side) for r in below
            if any(k.startswith(r.scope_key) for k in keys)]


def cached(key: str, refresh: bool, make: Any, seconds: int = CACHE_SECONDS) -> dict[str, Any]:
    """The dashboard data from the cache, or computed now and cached."""
    cache = caches["shared"]  # filled ahead by warm_dashboards, read by every process
    data = None if refresh else cache.get(key)
    if data is None:
        data = make()
        cache.set(key, data, seconds)
        data["from_cache"] = False
    else:
        data["from_cache"] = True
    return data


def cache_key(subject: c.Subject, period: c.Period, lead: str) -> str:
    """One key per subject, period and lead indicator, not per user: whoever may open a
    region's or a pairing's dashboard sees every row behind it, so the figures are the
    same for all of them (money units are applied when the page is drawn)."""
    return ":".join(["indicators-dashboard", subject.key, str(period.year),
                     f"{period.cutoff[0]:02d}{period.cutoff[1]:02d}", lead])


def region_data(region: Region | None, side: str, period: c.Period, lead: str = "",
                user: Any = None, refresh: bool = False,
                seconds: int = CACHE_SECONDS) -> dict[str, Any]:
    subject = c.region_subject(region, side)

    def make() -> dict[str, Any]:
        kids = children_of_region(region, side, period, user)
        return build(subject, period, user, kids, lead)

    return cached(cache_key(subject, period, lead), refresh, make, seconds)


def pairing_data(pairing: Pairing, period: c.Period, lead: str = "", user: Any = None,
                 refresh: bool = False, forest: c.Forest | None = None,
                 seconds: int = CACHE_SECONDS) -> dict[str, Any]:
    forest = forest or c.Forest()
    subject = c.pairing_subject(pairing, forest)

    def make() -> dict[str, Any]:
        kids = children_of_pairing(pairing, period, user, forest)
        return build(subject, period, user, kids, lead, forest=forest)

    return cached(cache_key(subject, period, lead), refresh, make, seconds)
