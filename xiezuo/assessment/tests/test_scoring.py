"""Each scoring rule and grade boundary by hand, ranks with ties and county classes, and a
run over the demo pairings with its explanation and scope."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from xiezuo.assessment import scoring
from xiezuo.assessment.models import CountyClass, Grade, Item, Result, Rule, Scheme
from xiezuo.core.models import AuditEntry
from xiezuo.funds.models import FundMovement
from xiezuo.indicators.models import AnnualTarget, Indicator

pytestmark = pytest.mark.django_db
D = Decimal
WAN = D(10_000)


def item(rule: str, weight: int = 60, **kw) -> Item:
    return Item(rule=rule, weight=D(weight), **kw)


def test_it_scores_the_ratio_to_target_capped() -> None:
    rule = item(Rule.RATIO, cap=D("1.2"))
    assert scoring.score_item(rule, D(90), D(100), None).points == D("54.00")
    assert scoring.score_item(rule, D(150), D(100), None).points == D("72.00")  # capped 120%
    got = scoring.score_item(rule, D(150), D(100), None)
    assert "封顶" in got.note and got.ratio == D("1.5")
    assert scoring.score_item(rule, D(90), None, None).points == 0  # no target, no points


def test_it_scores_in_steps() -> None:
    rule = item(Rule.STEPS, 40, steps=[[1, 1], [0.9, 0.8], [0.8, 0.5]])
    assert [scoring.score_item(rule, D(a), D(100), None).points
            for a in (100, 95, 90, 85, 79)] == [D(40), D(32), D(32), D(20), D(0)]


def test_it_penalises_fiscal_aid_falling_year_on_year() -> None:
    rule = item(Rule.YOY_PENALTY, 10)
    assert scoring.score_item(rule, D(99), None, D(100)).points == D(-10)
    assert scoring.score_item(rule, D(100), None, D(100)).points == 0
    assert scoring.score_item(rule, D(1), None, None).points == 0


def test_it_adds_bonus_points_at_the_threshold() -> None:
    rule = item(Rule.BONUS, 5, threshold=D(1000))
    assert scoring.score_item(rule, D(1000), None, None).points == D(5)
    assert scoring.score_item(rule, D(999), None, None).points == 0


def test_it_grades_at_the_boundaries() -> None:
    scheme = Scheme(year=2023, name="x")  # 90 / 80 / 60
    assert [scheme.grade_for(D(s)) for s in ("90", "89.99", "80", "79.99", "60", "59.99")] == [
        Grade.GOOD, Grade.FAIRLY_GOOD, Grade.FAIRLY_GOOD, Grade.FAIR, Grade.FAIR, Grade.POOR]


def test_it_ranks_ties_together() -> None:
    assert scoring.rank([("a", D(90)), ("b", D(95)), ("c", D(90)), ("d", D(80))]) == {
        "b": 1, "a": 2, "c": 2, "d": 4}


@pytest.fixture
def scheme(gansu_counties) -> Scheme:
    s = Scheme.objects.create(year=2023, name="测试方案", level="county")
    fiscal = Indicator.objects.get(code="fiscal_aid")
    Item.objects.create(scheme=s, indicator=fiscal, rule=Rule.RATIO, weight=D(100),
                        cap=D("1.2"), sort_order=1)
    Item.objects.create(scheme=s, indicator=fiscal, rule=Rule.YOY_PENALTY, weight=D(10),
                        sort_order=2)
    return s


@pytest.fixture
def gansu_counties(demo):
    """积石山 received 100万 against a target of 80万 (and 120万 the year before: penalty);
    临夏市 50万 against 100万; both in 2023, cut off at the end of November."""
    p = demo["pairings"]
    fiscal = Indicator.objects.get(code="fiscal_aid")
    for key, wan, target, before in (("zq-jss", 100, 80, 120), ("szq-lxs", 50, 100, 0)):
        pairing = p[key]
        for year, amount in ((2023, wan), (2022, before)):
            if amount:
                FundMovement.objects.create(
                    pairing=pairing, region=pairing.recipient, year=year,
                    date=dt.date(year, 6, 1), type="transfer", source="fiscal",
                    amount=amount * WAN, reported_by="donor")
        AnnualTarget.objects.create(pairing=pairing, region=pairing.recipient, year=2023,
                                    indicator=fiscal, value=target * WAN)
    return p


def test_it_runs_a_scheme_with_explanations(scheme, gansu_counties, demo) -> None:
    run = scoring.run(scheme, demo["users"]["national"])
    results = {r.pairing.recipient.code: r for r in run.results.select_related(
        "pairing__recipient")}
    jss, lxs = results["622927"], results["622901"]
    # 100/80 = 125 % capped at 120 % × 100 = 120, minus 10 for falling below 120万
    assert (jss.score, jss.grade, jss.rank) == (D("110.00"), Grade.GOOD, 1)
    # 50/100 × 100 = 50; no fall (nothing the year before)
    assert (lxs.score, lxs.grade, lxs.rank) == (D("50.00"), Grade.POOR, 2)
    line = jss.explanation[0]
    assert D(line["target"]) == 80 * WAN and "封顶" in line["note"]
    assert line["drill"].startswith(reverse("indicators:drill"))
    assert "扣 10 分" in jss.explanation[1]["note"]
    assert AuditEntry.for_object(run).filter(action="assess").count() == 1
    # every county pairing in the demo active in 2023 is scored
    assert run.results.count() == len(scoring.pairings_for(scheme))


def test_it_ranks_county_classes_separately(scheme, gansu_counties) -> None:
    cls = CountyClass.objects.create(scheme=scheme, name="重点帮扶县")
    cls.regions.add(gansu_counties["szq-lxs"].recipient)
    run = scoring.run(scheme)
    lxs = run.results.get(pairing=gansu_counties["szq-lxs"])
    assert (lxs.county_class, lxs.rank) == ("重点帮扶县", 1)


def test_it_shows_results_in_the_users_scope_and_runs_only_for_managers(
        scheme, gansu_counties, login) -> None:
    client = login("linxiashi_entry")
    assert client.post(reverse("assessment:scheme_run", args=[scheme.pk])).status_code == 403
    run = scoring.run(scheme)
    html = client.get(reverse("assessment:run", args=[run.pk])).content.decode()
    assert "临夏市" in html and "积石山" not in html
    admin = login("national")
    response = admin.post(reverse("assessment:scheme_run", args=[scheme.pk]))
    assert response.status_code == 302
    assert Result.objects.filter(run__scheme=scheme).count() == 2 * run.results.count()


def test_it_lists_schemes_and_offers_the_run_only_to_managers(scheme, login) -> None:
    assert "测试方案" in login("gansu_viewer").get(reverse("assessment:schemes")).content.decode()
    page = reverse("assessment:scheme", args=[scheme.pk])
    assert "run-assessment" not in login("gansu_viewer").get(page).content.decode()
    assert "run-assessment" in login("national").get(page).content.decode()
