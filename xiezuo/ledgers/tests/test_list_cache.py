"""A ledger list's count, totals and band kept in the shared cache: fresh after every write
(of the ledger, and of the pairings, regions and projects its rows point to), counted again on
a new day where they count against the date, never shared between scopes, and a warm page
counts nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from xiezuo.accounts.models import Office
from xiezuo.checklists.ledger import TaskLedger
from xiezuo.checklists.models import Task
from xiezuo.core import generations
from xiezuo.funds.models import FundMovement
from xiezuo.ledgers import actions, listcache
from xiezuo.ledgers.testing import county, url
from xiezuo.pairings import actions as pairing_actions
from xiezuo.people.ledger import CadreLedger
from xiezuo.people.models import Cadre, CadreType, Direction
from xiezuo.projects.models import Project, Sector
from xiezuo.regions.management.commands import regions
from xiezuo.regions.models import Region

pytestmark = pytest.mark.django_db

LIST = "/funds/"


@pytest.fixture(autouse=True)
def shared_cache(settings: Any) -> Any:
    """A shared cache that is not the database's (Redis in a deployment)."""
    settings.CACHES = {**settings.CACHES, "shared": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "lists"}}
    caches["shared"].clear()
    yield caches["shared"]
    caches["shared"].clear()


def _movement(demo: dict[str, Any], pairing: str, code: str, amount: str,
              notes: str = "") -> FundMovement:
    return FundMovement(
        pairing=demo["pairings"][pairing],
        region=Region.objects.get(code=code, valid_to__isnull=True), year=2024,
        date=dt.date(2024, 3, 1), type="transfer", source="fiscal", amount=Decimal(amount),
        reported_by="recipient", notes=notes)


@pytest.fixture
def rows(demo: dict[str, Any]) -> None:
    FundMovement.objects.bulk_create([
        _movement(demo, "szq-lxs", "622901", "10000"),
        _movement(demo, "szq-lxs", "622901", "20000"),
        _movement(demo, "lmt-pg", "513428", "5000")])


def _client(demo: dict[str, Any], username: str) -> Client:
    client = Client()
    client.force_login(demo["users"][username])
    return client


def _figures(client: Client, path: str = LIST, **params: str) -> tuple[int, dict[str, Any]]:
    page = client.get(path, params)
    assert page.status_code == 200
    band = {str(label): value for label, value, _c in page.context["summary"]}
    return page.context["page"].paginator.count, band


def test_a_write_shows_in_the_next_request(demo: dict[str, Any], rows: None) -> None:
    client = _client(demo, "linxiashi_entry")
    count, band = _figures(client)
    assert (count, band["受援方到位"]) == (2, Decimal("30000"))
    assert _figures(client) == (count, band)  # from the cache
    user = demo["users"]["linxiashi_entry"]
    added = actions.save(user, _movement(demo, "szq-lxs", "622901", "7000"))
    assert _figures(client) == (3, {**band, "受援方到位": Decimal("37000")})
    added.refresh_from_db()
    added.amount = Decimal("1000")
    actions.save(user, added)
    assert _figures(client)[1]["受援方到位"] == Decimal("31000")
    actions.delete(user, [added])
    assert _figures(client) == (count, band)


def test_scopes_never_share_figures(demo: dict[str, Any], rows: None) -> None:
    linxia = _client(demo, "linxiashi_entry")
    puge = _client(demo, "puge_entry")
    national = _client(demo, "national")
    for _round in range(2):  # counted, then from the cache
        assert _figures(linxia) == (2, {"受援方到位": Decimal("30000")})
        assert _figures(puge) == (1, {"受援方到位": Decimal("5000")})
        assert _figures(national) == (3, {"受援方到位": Decimal("35000")})
    for _round in range(2):  # a filter is a list of its own
        assert linxia.get(LIST, {"type": "spending"}).context["page"].paginator.count == 0
        assert linxia.get(LIST, {"type": "transfer"}).context["page"].paginator.count == 2


def test_a_filter_that_selects_nothing_is_answered(demo: dict[str, Any], rows: None) -> None:
    """An unknown region or pairing: the filter set gives no rows (``none()``), which have no
    SQL to key the figures by."""
    client = _client(demo, "national")
    for params in ({"region": "不存在的县"}, {"pairing": "不存在的县"}):
        page = client.get(LIST, params)
        assert page.status_code == 200
        assert page.context["page"].paginator.count == 0


def test_a_warm_page_counts_nothing(demo: dict[str, Any], rows: None,
                                    django_assert_num_queries: Any) -> None:
    client = _client(demo, "national")
    client.get(LIST)  # sessions, content types
    caches["shared"].clear()
    with CaptureQueriesContext(connection) as cold:
        client.get(LIST)
    with CaptureQueriesContext(connection) as warm:
        client.get(LIST)
    counted = [q["sql"] for q in warm.captured_queries
               if "COUNT(" in q["sql"].upper() or "SUM(" in q["sql"].upper()]
    assert counted == []
    assert len(warm) == len(cold) - 2  # the row count and the band
    with django_assert_num_queries(len(warm)):
        client.get(LIST, {"page": "1"})


def test_figures_counted_while_a_write_was_under_way_are_not_kept(
        demo: dict[str, Any], django_capture_on_commit_callbacks: Any) -> None:
    key = listcache._generation_key(FundMovement)
    with django_capture_on_commit_callbacks() as callbacks:
        listcache.changed(FundMovement)
        during = caches["shared"].get(key)
    assert during is not None and len(callbacks) == 1
    callbacks[0]()  # the commit
    assert caches["shared"].get(key) == during + 1


def test_an_evicted_generation_starts_anew(demo: dict[str, Any], rows: None) -> None:
    client = _client(demo, "national")
    assert _figures(client)[0] == 3
    caches["shared"].delete(listcache._generation_key(FundMovement))
    FundMovement.objects.filter(region__code="513428").delete()  # not by the write road
    assert _figures(client)[0] == 2


def test_without_a_cache_apart_from_the_database_it_counts_every_time(
        demo: dict[str, Any], rows: None, settings: Any) -> None:
    settings.CACHES = {**settings.CACHES, "shared": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "xiezuo_cache"}}
    client = _client(demo, "national")
    assert _figures(client)[0] == 3
    FundMovement.objects.filter(region__code="513428").delete()
    assert _figures(client)[0] == 2


def test_figures_read_from_a_replica_are_kept_no_longer_than_it_may_lag(
        settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The API reads from the replica: a write it has not replayed yet would be missing from
    figures kept under the new generation, so they are kept only as long as the lag allowed."""
    from types import SimpleNamespace

    from xiezuo.core import dbrouter

    settings.REPLICA_MAX_LAG_SECONDS = 7
    assert listcache._timeout(SimpleNamespace(db="default")) == listcache.TIMEOUT
    monkeypatch.setattr(dbrouter, "replica_alias", lambda: "replica")
    assert listcache._timeout(SimpleNamespace(db="replica")) == 7
    assert listcache._timeout(SimpleNamespace(db="default")) == listcache.TIMEOUT


SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_figures_that_count_against_the_date_are_counted_again_on_a_new_day(
        demo: dict[str, Any], settings: Any) -> None:
    """"In post today" and "overdue" change at midnight in the platform's time zone (16:00
    UTC), with no write: a new day is a new entry."""
    settings.TIME_ZONE = "Asia/Shanghai"
    pairing, region = county(demo, "linxia")
    last_day = dt.date(2025, 6, 30)
    Cadre.objects.create(pairing=pairing, region=region, name="马建国", type=CadreType.MEDICAL,
                         direction=Direction.EAST_WEST, home_unit="派出医院",
                         host_unit="县人民医院", start_date=dt.date(2025, 1, 1),
                         end_date=last_day)
    Task.objects.create(pairing=pairing, region=region, year=2025, title="开通劳务专列",
                        owner_office=Office.objects.get(name="临夏市东西部协作工作组"),
                        deadline=last_day)
    cadres, tasks = url(CadreLedger, "list"), url(TaskLedger, "list")
    with time_machine.travel(dt.datetime(2025, 6, 30, 23, 50, tzinfo=SHANGHAI), tick=False):
        client = _client(demo, "national")
        for _round in range(2):  # counted, then from the cache
            assert _figures(client, cadres)[1]["今天在岗"] == 1
            assert _figures(client, tasks)[1]["逾期"] == 0
    with time_machine.travel(dt.datetime(2025, 7, 1, 0, 10, tzinfo=SHANGHAI), tick=False):
        assert _figures(client, cadres)[1]["今天在岗"] == 0
        assert _figures(client, tasks)[1]["逾期"] == 1


def test_a_renamed_project_shows_in_a_list_searched_by_its_name(
        demo: dict[str, Any], rows: None) -> None:
    pairing, region = county(demo, "linxia")
    project = Project.objects.create(pairing=pairing, region=region, year=2024,
                                     name="大庄村食用菌大棚",
                                     sector=Sector.objects.get(code="industry"))
    FundMovement.objects.filter(amount=Decimal("10000")).update(project=project)
    client = _client(demo, "national")
    for _round in range(2):
        assert _figures(client, q="食用菌")[0] == 1
        assert _figures(client, q="花椒")[0] == 0
    project.name = "大庄村花椒基地"
    actions.save(demo["users"]["linxiashi_entry"], project)  # a project's write, not a spending's
    assert _figures(client, q="食用菌")[0] == 0
    assert _figures(client, q="花椒")[0] == 1


def test_a_changed_pairing_shows_in_every_list_filtered_by_it(
        demo: dict[str, Any], rows: None) -> None:
    client = _client(demo, "national")
    for _round in range(2):
        assert _figures(client, pairing="370103")[0] == 2  # 市中区 → 临夏市
    pairing = demo["pairings"]["szq-lxs"]
    pairing.donor = Region.objects.get(code="370102", valid_to__isnull=True)
    pairing_actions.save(demo["users"]["national"], pairing)
    assert _figures(client, pairing="370103")[0] == 0  # no longer one of its parties
    assert _figures(client, pairing="370102")[0] == 2


def test_a_region_load_that_changes_names_makes_every_list_count_again(
        demo: dict[str, Any]) -> None:
    def references() -> Any:
        return caches["shared"].get(generations.REFERENCES)

    listcache.figures(FundMovement, FundMovement.objects.all(), "count", lambda: 0)
    before = references()
    regions.load_registry()  # nothing to change
    assert references() == before
    Region.objects.filter(code="622901", valid_to__isnull=True).update(name="临夏")
    regions.load_registry()
    assert references() not in (None, before)
