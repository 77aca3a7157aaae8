"""Pre-aggregated figures give exactly what the ledgers give — every catalogue indicator,
every roll-up, cut-off, year on year, per-county average, chart and drill-down — and follow
the ledgers when the write action saves, moves, deletes or inserts rows in bulk."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xiezuo.funds.models import FundMovement, FundSource, MovementType
from xiezuo.indicators import aggregates, dashboard
from xiezuo.indicators import compute as c
from xiezuo.indicators.models import Indicator
from xiezuo.indicators.tests.conftest import WAN
from xiezuo.ledgers import actions
from xiezuo.ledgers.models import LedgerFigure, LedgerMeasure, ReportingSide
from xiezuo.pairings.models import Pairing
from xiezuo.regions.models import Region

pytestmark = pytest.mark.django_db

#: cut-offs the pre-aggregates serve (a month's last day)
PERIODS = [c.Period(y, cut) for y in (2022, 2023, 2024)
           for cut in (c.DEFAULT_CUTOFF, c.FULL_YEAR, (6, 30))]


def subjects() -> list[c.Subject]:
    forest = c.Forest()
    out = [c.pairing_subject(p, forest) for p in Pairing.objects.all()]
    out.append(c.region_subject(None))
    keys = set()
    for p in Pairing.objects.select_related("donor", "recipient"):
        for side in ("recipient", "donor"):
            region = getattr(p, side)
            while region is not None:
                if (side, region.pk) not in keys:
                    keys.add((side, region.pk))
                    out.append(c.region_subject(region, side))
                region = region.parent
    return out


def figures(indicators: list[Indicator], subs: list[c.Subject],
            periods: list[c.Period]) -> dict[Any, Any]:
    """Figures by (indicator, subject, year, cut-off): one computation per cut-off (a
    result holds one period a year)."""
    out: dict[Any, Any] = {}
    for cutoff in sorted({p.cutoff for p in periods}):
        results = c.compute(indicators, subs, [p for p in periods if p.cutoff == cutoff])
        out.update({(*k, cutoff): (cell.value, cell.available)
                    for k, cell in results.cells.items()})
    return out


def assert_same_both_ways(subs: list[c.Subject] | None = None,
                          periods: list[c.Period] = PERIODS) -> Any:
    """Every figure from the ledgers, then from the pre-aggregates: identical. Returns the
    indicators the pre-aggregates served."""
    indicators = list(Indicator.objects.all())
    subs = subs or subjects()
    LedgerMeasure.objects.all().delete()
    assert c.from_aggregates(indicators, periods) == {}
    from_ledgers = figures(indicators, subs, periods)
    aggregates.rebuild()
    served = c.from_aggregates(indicators, periods)
    from_aggregates = figures(indicators, subs, periods)
    assert from_aggregates == from_ledgers
    return served


def served_codes(served: Any) -> set[str]:
    return set(Indicator.objects.filter(pk__in=served).values_list("code", flat=True))


#: every sum and count of the catalogue, and the distinct count of people (one record per
#: ID number and year, so a row count within a year); not the cumulative ones' distinct
SERVED = {"fiscal_aid", "fiscal_aid_received", "social_funds", "funds_spent", "cadres",
          "technicians", "trainees", "trainees_poverty", "labour_jobs", "labour_jobs_poverty",
          "consumption_purchased", "consumption_helped", "enterprises", "investment", "parks",
          "village_enterprise", "projects", "projects_building", "projects_completed",
          "joint_meetings"}


def test_it_gives_every_catalogue_figure_and_dashboard_identically_on_the_demo_data(
        regions) -> None:
    """Every figure; then the dashboards' KPI cards (actual, previous, target, completion,
    year on year, per-county average), trend, months, ranking and map weights."""
    call_command("demo", stdout=open("/dev/null", "w"))
    assert FundMovement.objects.count() > 20
    served = assert_same_both_ways()
    assert served_codes(served) == SERVED
    assert LedgerFigure.objects.count() > 0

    gansu = Region.objects.get(code="620000", valid_to__isnull=True)
    pairing = Pairing.objects.filter(recipient__level="prefecture").first()
    assert pairing is not None

    def pages() -> list[dict[str, Any]]:
        out = []
        for year in (2022, 2023):
            period = c.Period(year)
            for data in (dashboard.region_data(gansu, "recipient", period, refresh=True),
                         dashboard.region_data(None, "recipient", period, refresh=True),
                         dashboard.pairing_data(pairing, period, refresh=True)):
                out.append(plain(data))
        return out

    from_aggregates = pages()
    LedgerMeasure.objects.update(built_at=None)
    assert pages() == from_aggregates
    assert any(k[1] for page in from_aggregates for k in page["kpis"])  # figures, not zeros


def plain(data: dict[str, Any]) -> dict[str, Any]:
    def card(k: dashboard.Kpi) -> tuple[Any, ...]:
        return (k.indicator.code, k.actual, k.previous, k.target, k.completion, k.yoy,
                k.per_county, k.available, k.drill_url, [card(p) for p in k.parts])

    return {"kpis": [card(k) for k in data["kpis"]], "counties": data["counties"],
            "series": data["charts"]["series"], "months": data["charts"]["months"],
            "ranking": [(r["subject"].key, r["value"], r["target"], r["rank"])
                        for r in data["ranking"]],
            "map": data["charts"]["map"]}


# --- randomized ledgers --------------------------------------------------------------------

DAYS = st.dates(min_value=dt.date(2021, 1, 1), max_value=dt.date(2024, 12, 31))
CENTS = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("9999999.99"), places=2)
MOVEMENT = st.tuples(
    st.integers(0, 3), DAYS, st.integers(-1, 1),
    st.sampled_from([MovementType.TRANSFER, MovementType.SPENDING, MovementType.COMMITMENT]),
    st.sampled_from([FundSource.FISCAL, FundSource.SOCIAL]),
    st.sampled_from([ReportingSide.DONOR, ReportingSide.RECIPIENT]), CENTS)
LABOURER = st.tuples(st.integers(0, 3), DAYS, st.sampled_from(["poverty", "other",
                                                                "monitored"]))
COUNT = st.tuples(st.integers(0, 3), st.integers(2021, 2024), st.integers(1, 12),
                  st.integers(0, 500), st.integers(0, 100))
PURCHASE = st.tuples(st.integers(0, 3), DAYS, st.sampled_from(["purchase", "help_sell"]),
                     CENTS)


@settings(max_examples=6, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                 HealthCheck.too_slow])
@given(movements=st.lists(MOVEMENT, max_size=25), labourers=st.lists(LABOURER, max_size=15),
       counts=st.lists(COUNT, max_size=6), purchases=st.lists(PURCHASE, max_size=15))
def test_it_gives_identical_figures_on_random_ledgers(gansu, movements, labourers, counts,
                                                      purchases) -> None:
    from xiezuo.consumption.models import Consumption
    from xiezuo.labour.models import LabourCount, LabourRecord

    p, r = gansu["pairings"], gansu["regions"]
    # (pairing, place): county pairings, the prefecture pairing's own rows, the province's
    places = [(p["zq-jss"], r["622927"]), (p["szq-lxs"], r["622901"]),
              (p["jn-lx"], r["622900"]), (p["sd-gs"], r["620000"])]
    with transaction.atomic():
        for n, (i, day, shift, kind, source, side, amount) in enumerate(movements):
            pairing, region = places[i]
            FundMovement.objects.bulk_create([FundMovement(
                pairing=pairing, region=region, year=day.year + shift if n % 3 == 0 else
                day.year, date=day, type=kind, source=source, reported_by=side,
                amount=amount)])
        seen: set[tuple[str, int]] = set()
        for n, (i, day, status) in enumerate(labourers):
            pairing, region = places[i % 2]  # counties only: a county-year is either form
            number = f"62292719900101{n:04d}"
            if (number, day.year) in seen:
                continue
            seen.add((number, day.year))
            LabourRecord.objects.bulk_create([LabourRecord(
                pairing=pairing, region=region, year=day.year, name=f"劳动力{n}",
                id_number=number, village="某村", status=status, destination="donor",
                employer="某企业", start_date=day)])
        for i, year, month, persons, poverty in counts:
            pairing, region = places[2 + i % 2]  # totals reported above county level
            LabourCount.objects.bulk_create([LabourCount(
                pairing=pairing, region=region, year=year, period_start=dt.date(year, 1, 1),
                period_end=dt.date(year, month, 28), destination="donor", persons=persons,
                persons_poverty=min(poverty, persons))])
        for i, day, kind, amount in purchases:
            pairing, region = places[i]
            Consumption.objects.bulk_create([Consumption(
                pairing=pairing, region=region, date=day, kind=kind, buyer_type="enterprise",
                buyer="某单位", channel="ecommerce", category="tea", product="茶叶",
                amount=amount)])
        forest = c.Forest()
        subs = [c.pairing_subject(pairing, forest) for pairing, _r in places]
        subs += [c.region_subject(region) for _p, region in places]
        subs += [c.region_subject(r[code], "donor") for code in ("370000", "370100")]
        subs.append(c.region_subject(None))
        periods = [c.Period(y, cut) for y in (2022, 2023)
                   for cut in (c.DEFAULT_CUTOFF, c.FULL_YEAR, (6, 30))]
        served = assert_same_both_ways(subs, periods)
        assert {"fiscal_aid", "labour_jobs", "consumption_purchased"} <= served_codes(served)
        transaction.set_rollback(True)


# --- following the ledgers -----------------------------------------------------------------

NOV = c.Period(2023)


def served_value(indicator: Indicator, subject: c.Subject,
                 period: c.Period = NOV) -> Decimal | None:
    assert indicator.pk in c.from_aggregates([indicator], [period])
    return c.compute([indicator], [subject], [period]).get(indicator, subject, period).value


def test_it_follows_a_ledger_row_edited_moved_and_deleted(gansu, demo) -> None:
    fiscal = Indicator.objects.get(code="fiscal_aid")
    p, r = gansu["pairings"], gansu["regions"]
    user = demo["users"]["national"]
    aggregates.rebuild()
    gs, zq = c.region_subject(r["620000"]), c.pairing_subject(p["zq-jss"])
    lxs = c.pairing_subject(p["szq-lxs"])
    assert served_value(fiscal, gs) == 200 * WAN
    row = FundMovement.objects.get(region=r["622927"], date=dt.date(2023, 5, 1))
    row.amount = 60 * WAN
    actions.save(user, row)
    assert served_value(fiscal, gs) == 160 * WAN
    assert served_value(fiscal, zq) == 60 * WAN
    row.pairing, row.region = p["szq-lxs"], r["622901"]  # moved: both places refreshed
    actions.save(user, row)
    assert served_value(fiscal, zq) == 0
    assert served_value(fiscal, lxs) == 110 * WAN
    row.date = dt.date(2023, 12, 1)  # after the cut-off now
    actions.save(user, row)
    assert served_value(fiscal, lxs) == 50 * WAN
    assert served_value(fiscal, lxs, c.Period(2023, c.FULL_YEAR)) == 110 * WAN
    actions.delete(user, [row])
    assert served_value(fiscal, gs) == 100 * WAN
    assert served_value(fiscal, lxs, c.Period(2023, c.FULL_YEAR)) == 50 * WAN


def test_it_follows_rows_written_together(gansu, demo) -> None:
    """New rows written in one statement (an import's batch) are in the figures at once."""
    fiscal = Indicator.objects.get(code="fiscal_aid")
    p, r = gansu["pairings"], gansu["regions"]
    aggregates.rebuild()
    actions.write(demo["users"]["national"], [FundMovement(
        pairing=p["zq-jss"], region=r["622927"], year=2023, date=dt.date(2023, 8, n),
        type=MovementType.TRANSFER, source=FundSource.FISCAL, amount=5 * WAN,
        reported_by=ReportingSide.DONOR) for n in (1, 2)])
    assert served_value(fiscal, c.region_subject(r["620000"])) == 210 * WAN


def test_reading_figures_writes_nothing(gansu, login) -> None:
    """No GET writes: rows written outside the write action (here: straight to the table)
    are not caught up on a read; ``xiezuo indicators rebuild`` brings them in."""
    fiscal = Indicator.objects.get(code="fiscal_aid")
    p, r = gansu["pairings"], gansu["regions"]
    aggregates.rebuild()
    FundMovement.objects.bulk_create([FundMovement(
        pairing=p["zq-jss"], region=r["622927"], year=2023, date=dt.date(2023, 8, 1),
        type=MovementType.TRANSFER, source=FundSource.FISCAL, amount=5 * WAN,
        reported_by=ReportingSide.DONOR)])
    client = login("national")
    url = reverse("indicators:region", args=["620000"])
    with CaptureQueriesContext(connection) as seen:
        assert client.get(url, {"year": 2023, "refresh": "1"}).status_code == 200
    writes = [q["sql"] for q in seen if q["sql"].split()[0].upper() in
              {"INSERT", "UPDATE", "DELETE"} and "django_session" not in q["sql"]
              and "xiezuo_cache" not in q["sql"]]  # the dashboard's cache, not data
    assert writes == []
    gs = c.region_subject(r["620000"])
    assert served_value(fiscal, gs) == 200 * WAN
    call_command("indicators", "rebuild", stdout=open("/dev/null", "w"))
    assert served_value(fiscal, gs) == 205 * WAN


def test_it_computes_from_the_ledgers_what_the_aggregates_cannot_give(gansu) -> None:
    fiscal = Indicator.objects.get(code="fiscal_aid")
    zq = c.pairing_subject(gansu["pairings"]["zq-jss"])
    aggregates.rebuild()
    mid_month = c.Period(2023, (5, 5))  # not a month's end: only the ledger knows the day
    assert c.from_aggregates([fiscal], [mid_month]) == {}
    assert c.compute([fiscal], [zq], [mid_month]).get(fiscal, zq, mid_month).value == 100 * WAN
    fiscal.filters = {**fiscal.filters, "amount__gte": 1}  # edited: stale until rebuilt
    fiscal.save()
    assert c.from_aggregates([fiscal], [NOV]) == {}
    aggregates.rebuild([fiscal])
    assert served_value(fiscal, zq) == 100 * WAN


def test_it_rebuilds_from_the_command(gansu) -> None:
    call_command("indicators", "rebuild", "fiscal_aid", stdout=open("/dev/null", "w"))
    fiscal = Indicator.objects.get(code="fiscal_aid")
    assert served_value(fiscal, c.region_subject(gansu["regions"]["620000"])) == 200 * WAN
    assert LedgerMeasure.objects.filter(built_at__isnull=False).count() == 1


def test_it_shows_an_edited_row_on_the_dashboard(gansu, login, demo) -> None:
    aggregates.rebuild()
    client = login("national")
    url = reverse("indicators:region", args=["620000"])
    html = client.get(url, {"year": 2023, "refresh": "1"}).content.decode()
    assert "200.00" in html
    row = FundMovement.objects.get(region=gansu["regions"]["622927"], date=dt.date(2023, 5, 1))
    row.amount = 70 * WAN
    actions.save(demo["users"]["national"], row)
    html = client.get(url, {"year": 2023, "refresh": "1"}).content.decode()
    assert "170.00" in html


def test_it_keeps_a_county_user_to_its_own_rows_in_the_aggregates(gansu, demo) -> None:
    fiscal = Indicator.objects.get(code="fiscal_aid")
    aggregates.rebuild()
    lx = c.region_subject(gansu["regions"]["622900"])
    user = demo["users"]["linxiashi_entry"]
    results = c.compute([fiscal], [lx], [NOV], user)
    assert results.get(fiscal, lx, NOV).value == 50 * WAN  # 临夏市's own, not 积石山's
    assert set(LedgerFigure.objects.visible_to(user).values_list("region__code", flat=True)) <= {
        "622901"}


@pytest.mark.parametrize("built", [False, True])
def test_it_pins_the_province_dashboard_query_count(gansu, login, built) -> None:
    if built:
        aggregates.rebuild()
    client = login("national")
    url = reverse("indicators:region", args=["620000"])
    with CaptureQueriesContext(connection) as cold:
        assert client.get(url, {"year": 2023, "refresh": "1"}).status_code == 200
    # built: one query for every figure of every ledger instead of one per ledger model,
    # plus one for the stored measures' ids
    assert len(cold) == (31 if built else 41), [q["sql"][:80] for q in cold]
