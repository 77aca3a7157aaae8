"""Idle funds and open reconciliation differences, picked out by the database, against the
Python versions they replaced (kept below as the reference), on the demo data and on random
movements.

The reference sorted idle projects by amount only, leaving equal amounts in whatever order
the database grouped them; the figures now put equal amounts in project order, so the
reference is compared with that tie broken the same way.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.conf import settings as settings_module
from django.db import transaction
from django.db.models import Q
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xiezuo.funds import figures
from xiezuo.funds.figures import FIGURES, Idle, Mismatch, _months_before, _sum
from xiezuo.funds.models import FundMovement, MovementType
from xiezuo.ledgers.models import ReportingSide
from xiezuo.projects.models import Project, Sector
from xiezuo.regions.models import Region

pytestmark = pytest.mark.django_db


def reference_reconciliation(movements: Any, only_open: bool = False) -> list[Mismatch]:
    rows = (movements.filter(type=MovementType.TRANSFER).order_by()
            .values("pairing_id", "year")
            .annotate(donor=FIGURES["transferred"], recipient=FIGURES["received"])
            .order_by("-year", "pairing_id"))
    out = [Mismatch(r["pairing_id"], r["year"], r["donor"], r["recipient"]) for r in rows]
    return [m for m in out if m.difference] if only_open else out


def reference_idle_funds(movements: Any, today: dt.date, months: int) -> list[Idle]:
    cutoff = _months_before(today, months)
    rows = (movements.filter(project__isnull=False).order_by().values("project_id")
            .annotate(
                allocated_before=_sum(Q(type=MovementType.ALLOCATION, date__lte=cutoff)),
                spent=FIGURES["spent"], returned=FIGURES["returned"]))
    found = [Idle(r["project_id"], r["allocated_before"], r["spent"], r["returned"])
             for r in rows]
    ranked = sorted((i for i in found if i.idle > 0), key=lambda i: -i.idle)
    return sorted(ranked, key=lambda i: (-i.idle, i.project_id))  # ties in project order


def assert_same(movements: Any, today: dt.date, months: int) -> None:
    every = reference_reconciliation(movements)
    open_ = reference_reconciliation(movements, only_open=True)
    assert figures.reconciliation(movements) == every
    assert figures.reconciliation(movements, only_open=True) == open_
    idle = reference_idle_funds(movements, today, months)
    assert figures.idle_funds(movements, today=today, months=months) == idle
    assert figures.idle_funds(movements, today=today, months=months, limit=3) == idle[:3]


def test_it_gives_the_reference_figures_on_the_demo_data(demo) -> None:
    from xiezuo.funds import demo as funds_demo

    funds_demo.load()
    movements = FundMovement.objects.all()
    today = dt.date.today()
    assert figures.reconciliation(movements, only_open=True)  # the demo's unreconciled year
    assert figures.idle_funds(movements, today=today)  # and its idle money
    for months in (0, 6, 18, 60):
        assert_same(movements, today, months)
    for region in Region.objects.filter(code__in=["513400", "513423", "622900"]):
        within = Q(region__scope_key__startswith=region.scope_key)
        assert_same(movements.filter(within), today, 6)


def test_it_lists_the_reference_figures_on_the_dashboard(demo) -> None:
    from xiezuo.funds import demo as funds_demo
    from xiezuo.indicators import compute, dashboard

    funds_demo.load()
    today, period = dt.date.today(), compute.Period(2021)
    lists = []
    for region in (None, *Region.objects.filter(code__in=["513400", "620000"])):
        subject = compute.region_subject(region)
        movements = FundMovement.objects.filter(subject.q())
        shown = dashboard.attention(subject, period, None, [], today)
        assert shown["idle"] == reference_idle_funds(
            movements, today, settings_module.IDLE_FUNDS_MONTHS)[:10]
        assert shown["mismatches"] == reference_reconciliation(
            movements.filter(year=2021), only_open=True)[:10]
        lists.append(shown)
    assert lists[0]["mismatches"] and lists[0]["idle"]  # the demo's open year and idle money


@pytest.fixture
def places(demo) -> list[tuple[Any, Region, Project]]:
    """Two pairings with a county and a project each, and a second project in the first."""
    sector = Sector.objects.get(code="industry")
    out: list[tuple[Any, Region, Project]] = []
    for key, code in (("jy-yy", "513423"), ("lmt-pg", "513428"), ("jy-yy", "513423")):
        pairing, county = demo["pairings"][key], Region.objects.get(code=code)
        project = Project.objects.create(
            pairing=pairing, region=county, year=2022, name=f"项目{len(out)}", sector=sector,
            budget_fiscal=Decimal("100000"), donor_consent=True,
            consent_date=dt.date(2022, 1, 5))
        out.append((pairing, county, project))
    return out


# amounts that sum inexactly in binary floating point, and repeat so that totals tie
AMOUNTS = st.sampled_from(["0.01", "0.10", "0.20", "0.30", "1.10", "2.20", "3.30", "100.00",
                           "250.50", "1000.00"]).map(Decimal)
MOVEMENT = st.tuples(
    st.integers(0, 2),                                   # place (and its project)
    st.sampled_from(list(MovementType)),
    AMOUNTS,
    st.sampled_from(list(ReportingSide)),
    st.integers(2021, 2023),                             # year
    st.integers(0, 900),                                 # days after 2021-01-01
    st.booleans(),                                       # with its project
)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(MOVEMENT, max_size=40), months=st.sampled_from([0, 6, 12]),
       today=st.dates(dt.date(2021, 6, 1), dt.date(2024, 6, 1)))
def test_it_gives_the_reference_figures_on_random_movements(
        places, rows, months, today) -> None:
    with transaction.atomic():
        FundMovement.objects.bulk_create([
            FundMovement(pairing=places[i][0], region=places[i][1], year=year,
                         date=dt.date(2021, 1, 1) + dt.timedelta(days=day), type=kind,
                         amount=amount, reported_by=side,
                         project=places[i][2] if with_project else None)
            for i, kind, amount, side, year, day, with_project in rows])
        movements = FundMovement.objects.all()
        assert_same(movements, today, months)
        assert_same(movements.filter(region=places[1][1]), today, months)
        transaction.set_rollback(True)


def test_it_sees_no_difference_in_sums_that_binary_floating_point_gets_wrong(places) -> None:
    """0.10 + 0.20 against 0.30: equal in yuan, not in SQLite's floating-point sums."""
    pairing, county, project = places[0]

    def move(kind: str, amount: str, side: str, **extra: Any) -> FundMovement:
        return FundMovement(pairing=pairing, region=county, year=2022, type=kind,
                            date=dt.date(2022, 3, 1), amount=Decimal(amount),
                            reported_by=side, **extra)

    FundMovement.objects.bulk_create([
        move(MovementType.TRANSFER, "0.10", ReportingSide.DONOR),
        move(MovementType.TRANSFER, "0.20", ReportingSide.DONOR),
        move(MovementType.TRANSFER, "0.30", ReportingSide.RECIPIENT),
        move(MovementType.ALLOCATION, "0.10", ReportingSide.RECIPIENT, project=project),
        move(MovementType.ALLOCATION, "0.20", ReportingSide.RECIPIENT, project=project),
        move(MovementType.SPENDING, "0.30", ReportingSide.RECIPIENT, project=project),
    ])
    movements = FundMovement.objects.all()
    assert figures.reconciliation(movements, only_open=True) == []
    assert figures.idle_funds(movements, today=dt.date(2024, 1, 1), months=6) == []
    assert_same(movements, dt.date(2024, 1, 1), 6)
