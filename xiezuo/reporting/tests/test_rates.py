"""Who has not reported (上报率): every county owing a period — 积石山, 普格 and 盐源 too, which
never opened a month — with expected / submitted / on time / approved, rolled up by
prefecture and province, month by month, and a one-click reminder to the late ones.

The demo's reporting (临夏市: August and September approved, October submitted and waiting)
on the suite's day, 2026年11月23日."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from xiezuo.accounts.models import Office, User
from xiezuo.core.models import AuditEntry
from xiezuo.core.scoping import Role
from xiezuo.pairings.models import Kind, Pairing
from xiezuo.regions.models import Region
from xiezuo.reporting import demo as reporting_demo
from xiezuo.reporting.models import DataSet, Notification
from xiezuo.reporting.periods import Period
from xiezuo.reporting.rates import Rates

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 23)
OCTOBER = Period.containing("monthly", dt.date(2026, 10, 1))
FOUR = ["临夏市", "积石山保安族东乡族撒拉族自治县", "盐源县", "普格县"]


@pytest.fixture
def world(demo, default_data_set):
    reporting_demo.load()
    return {**demo, "data_set": default_data_set}


def _counties(page: str) -> list[str]:
    table = page.split('id="counties"')[1].split("</table>")[0]
    return [name for name in FOUR if name in table]


def test_it_lists_every_owing_county_even_those_that_never_opened_a_month(world):
    rates = Rates(world["data_set"], 2026, None, world["users"]["national"], TODAY)
    rows = {row.region.name: row for row in rates.rows(OCTOBER)}
    assert sorted(rows) == sorted(FOUR)
    assert rows["临夏市"].submitted and rows["临夏市"].on_time and not rows["临夏市"].approved
    for name in FOUR[1:]:
        assert rows[name].submission is None and rows[name].is_late(TODAY)
    trend = rates.trend()
    assert [p.start.month for p, _r in trend] == list(range(1, 12))
    for name in FOUR[1:]:  # eleven months owed, none reported
        owed = [p for p in rates.periods()
                for row in rates.rows(p) if row.region.name == name and not row.submitted]
        assert len(owed) == 11
    september = dict((p.start.month, r) for p, r in trend)[9]
    assert (september.expected, september.submitted, september.approved) == (4, 1, 1)


def test_rates_roll_up_by_prefecture_and_province(world):
    rates = Rates(world["data_set"], 2026, None, world["users"]["national"], TODAY)
    total, provinces, prefectures = rates.rollup(rates.rows(OCTOBER))
    assert (total.expected, total.submitted, total.on_time, total.approved, total.late) == (
        4, 1, 1, 0, 3)
    assert total.submitted_rate == 25.0
    assert [(r.label, r.expected, r.submitted) for r in provinces] == [
        ("四川省", 2, 0), ("甘肃省", 2, 1)]
    assert [(r.label, r.expected, r.submitted_rate) for r in prefectures] == [
        ("凉山彝族自治州", 2, 0.0), ("临夏回族自治州", 2, 50.0)]


def test_the_page_shows_the_persona_its_own_counties_only(world, login):
    url = reverse("reporting:rates") + "?period=2026-10"
    assert _counties(login("national").get(url).content.decode()) == FOUR
    assert _counties(login("linxia_reviewer").get(url).content.decode()) == FOUR[:2]
    assert _counties(login("puge_entry").get(url).content.decode()) == ["普格县"]
    assert _counties(login("jinan_admin").get(url).content.decode()) == []
    page = login("national").get(url + "&region=513400").content.decode()
    assert _counties(page) == ["盐源县", "普格县"]
    assert login("linxia_reviewer").get(url + "&region=513400").status_code == 404


def test_the_deadline_is_the_data_set_s_own(world):
    november = Period.containing("monthly", TODAY)
    data_set = world["data_set"]
    rows = Rates(data_set, 2026, None, world["users"]["national"], TODAY).rows(november)
    assert not any(row.is_late(TODAY) for row in rows)  # due on the 28th
    DataSet.objects.filter(pk=data_set.pk).update(deadline_day=20)
    data_set.refresh_from_db()
    rows = Rates(data_set, 2026, None, world["users"]["national"], TODAY).rows(november)
    assert all(row.is_late(TODAY) for row in rows)


def test_the_page_costs_the_same_queries_for_four_counties_or_twenty(world, login):
    client = login("national")
    url = reverse("reporting:rates") + "?period=2026-10"
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    donor = Region.objects.get(code="510500", valid_to__isnull=True)
    counties = list(Region.objects.filter(code__startswith="5134", level="county",
                                          valid_to__isnull=True).exclude(
        code__in=["513423", "513428"])[:16])
    assert len(counties) >= 10
    for county in counties:
        Pairing.objects.create(donor=donor, recipient=county, kind=Kind.PROVINCIAL,
                               start_date=dt.date(2016, 1, 1))
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).content.decode()
    assert page.count("逾期未报</span>") == 3 + len(counties)
    assert len(many) == len(few) <= 15


def test_one_click_reminds_the_late_counties_and_is_audited(world, login):
    jss = Region.objects.get(code="622927", valid_to__isnull=True)
    office = Office.objects.create(name="积石山县协作工作组", region=jss, side="recipient")
    clerk = User.objects.create(username="jss_entry", office=office, role=Role.DATA_ENTRY)
    client = login("gansu_approver")
    r = client.post(reverse("reporting:remind"), {
        "data_set": world["data_set"].pk, "period": "2026-10", "region": "620000"})
    assert r.status_code == 302 and "period=2026-10" in r["Location"]
    [note] = Notification.objects.filter(user=clerk)
    assert "2026年10月" in note.text and "2026-10-28" in note.text
    assert not Notification.objects.filter(user=world["users"]["linxiashi_entry"],
                                           text__startswith="请尽快报送").exists()
    [entry] = AuditEntry.objects.filter(action="remind")
    assert entry.actor_label == "gansu_approver"
    assert entry.changes["counties"] == [None, ["积石山保安族东乡族撒拉族自治县"]]
    assert entry.changes["people"] == [None, 1]


@pytest.mark.parametrize("persona", ["gansu_viewer", "linxiashi_entry"])
def test_who_may_not_remind_is_refused(world, login, persona):
    r = login(persona).post(reverse("reporting:remind"), {
        "data_set": world["data_set"].pk, "period": "2026-10"})
    assert r.status_code == 403
    assert not AuditEntry.objects.filter(action="remind").exists()
