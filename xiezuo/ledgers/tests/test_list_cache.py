"""A ledger list's count, totals and band kept in the shared cache: fresh after every write,
never shared between scopes, and a warm page counts nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from xiezuo.funds.models import FundMovement
from xiezuo.ledgers import actions, listcache
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


def _figures(client: Client) -> tuple[int, dict[str, Any]]:
    page = client.get(LIST)
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
