"""Roll-ups, cut-off, year on year, per-county averages and targets against hand-worked
numbers (see conftest.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from xiezuo.indicators import compute as c
from xiezuo.indicators.models import Indicator, ManualEntry
from xiezuo.indicators.tests.conftest import WAN

pytestmark = pytest.mark.django_db

NOV = c.Period(2023)
FULL = c.Period(2023, c.FULL_YEAR)


@pytest.fixture
def fiscal() -> Indicator:
    return Indicator.objects.get(code="fiscal_aid")


def value(ind, subject, period=NOV):
    return c.compute([ind], [subject], [period]).get(ind, subject, period).value


def test_it_counts_a_county_pairings_money_once_at_every_level(gansu, fiscal) -> None:
    p = gansu["pairings"]
    forest = c.Forest()
    subjects = {k: c.pairing_subject(p[k], forest) for k in ("zq-jss", "szq-lxs", "jn-lx",
                                                           "sd-gs")}
    results = c.compute([fiscal], list(subjects.values()), [NOV])
    got = {k: results.get(fiscal, s, NOV).value for k, s in subjects.items()}
    assert got == {"zq-jss": 100 * WAN, "szq-lxs": 50 * WAN,
                   "jn-lx": 180 * WAN,   # 100 + 50 + its own 30
                   "sd-gs": 200 * WAN}   # 180 + its own 20, not 180 + 100 + 50 + 20


def test_it_rolls_up_the_region_hierarchy_on_either_side(gansu, fiscal) -> None:
    r = gansu["regions"]
    assert value(fiscal, c.region_subject(r["622927"])) == 100 * WAN
    assert value(fiscal, c.region_subject(r["622900"])) == 180 * WAN
    assert value(fiscal, c.region_subject(r["620000"])) == 200 * WAN
    assert value(fiscal, c.region_subject(r["370000"], "donor")) == 200 * WAN
    assert value(fiscal, c.region_subject(r["370100"], "donor")) == 180 * WAN
    # the donor province holds no work on the recipient side
    assert value(fiscal, c.region_subject(r["370000"])) == 0


def test_it_cuts_the_year_off_at_the_end_of_november(gansu, fiscal) -> None:
    zq = c.pairing_subject(gansu["pairings"]["zq-jss"])
    assert value(fiscal, zq, NOV) == 100 * WAN
    assert value(fiscal, zq, FULL) == 107 * WAN
    assert value(fiscal, zq, c.Period(2023, (4, 30))) == 0


def test_it_computes_year_on_year_and_completion(gansu, fiscal) -> None:
    zq = c.pairing_subject(gansu["pairings"]["zq-jss"])
    results = c.compute([fiscal], [zq], [NOV, NOV.previous()])
    now, before = (results.get(fiscal, zq, y).value for y in (2023, 2022))
    assert (now, before) == (100 * WAN, 80 * WAN)
    assert c.yoy(now, before) == Decimal("0.25")
    assert c.yoy(now, 0) is None
    assert c.completion(now, 120 * WAN) == Decimal(100) / Decimal(120)
    assert c.completion(now, None) is None


def test_it_averages_over_assisted_counties(gansu, fiscal) -> None:
    gs = c.region_subject(gansu["regions"]["620000"])
    assert c.assisted_counties(gs, 2023) == 2  # 积石山县 and 临夏市
    assert c.per_county(value(fiscal, gs), 2) == 100 * WAN
    assert c.assisted_counties(c.pairing_subject(gansu["pairings"]["zq-jss"]), 2023) == 1


def test_it_counts_a_distinct_value_once_across_pairings(gansu) -> None:
    documents = Indicator.objects.create(
        code="aid_documents", name="拨付文件数", unit="份", source="funds.FundMovement",
        aggregation="distinct", value_field="document_no",
        filters={"type": "transfer", "reported_by": "donor", "document_no__gt": ""})
    p = gansu["pairings"]
    forest = c.Forest()
    assert value(documents, c.pairing_subject(p["zq-jss"], forest)) == 1
    assert value(documents, c.pairing_subject(p["szq-lxs"], forest)) == 1
    # the same document under three pairings: one, not three
    assert value(documents, c.pairing_subject(p["sd-gs"], forest)) == 1


def test_it_takes_the_latest_value_per_pairing_and_place(gansu) -> None:
    latest = Indicator.objects.create(
        code="latest_social", name="社会资金最新拨付", unit="元", is_money=True,
        source="funds.FundMovement", aggregation="latest", value_field="amount",
        filters={"source": "social"})
    aid = gansu["aid"]
    aid("zq-jss", "622927", dt.date(2023, 3, 1), 10, source="social")
    aid("zq-jss", "622927", dt.date(2023, 9, 1), 15, source="social")
    aid("szq-lxs", "622901", dt.date(2023, 5, 1), 4, source="social")
    jn = c.pairing_subject(gansu["pairings"]["jn-lx"])
    assert value(latest, jn) == 19 * WAN
    assert value(latest, jn, c.Period(2023, (8, 31))) == 14 * WAN


def test_it_adds_manual_entries_marked_as_such(gansu) -> None:
    social = Indicator.objects.get(code="social_funds")
    r, p = gansu["regions"], gansu["pairings"]
    ManualEntry.objects.create(indicator=social, pairing=p["szq-lxs"], region=r["622901"],
                               year=2023, as_of=dt.date(2023, 10, 31), value=5 * WAN,
                               basis="临夏市协作办 10 月报表")
    ManualEntry.objects.create(indicator=social, pairing=p["szq-lxs"], region=r["622901"],
                               year=2023, as_of=dt.date(2023, 12, 20), value=1 * WAN,
                               basis="年底补报")
    jn = c.pairing_subject(p["jn-lx"])
    cell = c.compute([social], [jn], [NOV]).get(social, jn, NOV)
    assert (cell.ledger, cell.manual, cell.value) == (0, 5 * WAN, 5 * WAN)
    assert c.compute([social], [jn], [FULL]).get(social, jn, FULL).manual == 6 * WAN


def test_it_shows_an_uninstalled_ledger_as_not_available(gansu) -> None:
    missing = Indicator.objects.create(code="x", name="未启用台账指标", unit="个",
                                       source="nosuch.Thing", aggregation="count")
    wrong_field = Indicator.objects.create(code="y", name="字段错误", unit="元",
                                           source="funds.FundMovement", value_field="nope")
    assert "尚未启用" in missing.unavailable_reason()
    assert "nope" in wrong_field.unavailable_reason()
    gs = c.region_subject(gansu["regions"]["620000"])
    results = c.compute([missing, wrong_field], [gs], [NOV])
    assert results.get(missing, gs, NOV).value is None
    assert results.get(wrong_field, gs, NOV).available is False
    assert not c.ledger_rows(missing, gs, NOV).exists()


def test_it_sums_targets_without_counting_a_county_inside_its_province(gansu, fiscal) -> None:
    from xiezuo.indicators.models import AnnualTarget

    p, r = gansu["pairings"], gansu["regions"]
    for key, region, wan in (("sd-gs", "620000", 180), ("jn-lx", "622900", 150),
                             ("zq-jss", "622927", 120), ("szq-lxs", "622901", 40)):
        AnnualTarget.objects.create(pairing=p[key], region=r[region], year=2023,
                                    indicator=fiscal, value=wan * WAN)
    forest = c.Forest()
    subjects = [c.pairing_subject(p["sd-gs"], forest), c.pairing_subject(p["zq-jss"], forest),
                c.region_subject(r["622900"]), c.region_subject(r["620000"]),
                c.region_subject(r["622901"])]
    goals = c.targets([fiscal], subjects, [2023], forest)
    got = [goals[(fiscal.pk, s.key, 2023)] for s in subjects]
    assert got == [180 * WAN, 120 * WAN, 150 * WAN, 180 * WAN, 40 * WAN]


def test_it_drills_down_to_exactly_the_rows_behind_a_figure(gansu, fiscal) -> None:
    jn = c.pairing_subject(gansu["pairings"]["jn-lx"])
    rows = c.ledger_rows(fiscal, jn, NOV)
    assert sorted(int(m.amount / WAN) for m in rows) == [30, 50, 100]
    assert sum(m.amount for m in rows) == value(fiscal, jn)


def test_it_reads_the_period_fields_of_each_ledger() -> None:
    from xiezuo.funds.models import FundMovement
    from xiezuo.projects.models import Project

    assert c.period_fields(FundMovement) == ("year", "date")
    assert c.period_fields(Project) == ("year", None)


def test_it_gives_the_same_figures_for_many_pairings_at_once(gansu, fiscal) -> None:
    documents = Indicator.objects.create(
        code="aid_documents", name="拨付文件数", unit="份", source="funds.FundMovement",
        aggregation="distinct", value_field="document_no", filters={"document_no__gt": ""})
    count = Indicator.objects.create(code="n", name="拨付笔数", unit="笔",
                                     source="funds.FundMovement", aggregation="count",
                                     filters={"type": "transfer"})
    forest = c.Forest()
    subjects = [c.pairing_subject(p, forest) for p in gansu["pairings"].values()]
    one_by_one = c.compute([fiscal, documents, count], subjects, [NOV, NOV.previous()])
    at_once = c.compute_pairings([fiscal, documents, count], subjects,
                                 [NOV, NOV.previous()])
    assert one_by_one.cells == at_once.cells
    assert at_once.get(fiscal, subjects[0], NOV).value is not None
