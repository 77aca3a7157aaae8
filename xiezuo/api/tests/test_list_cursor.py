"""The API's ledger lists: a ``next_cursor`` walks every row once, as deep as need be at the
cost of the first page, and a ``previous_cursor`` walks them back; a bad cursor is ignored;
the count is fresh after a write and never shared between scopes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from xiezuo.funds.models import FundMovement
from xiezuo.ledgers import actions
from xiezuo.regions.models import Region

pytestmark = pytest.mark.django_db

URL = "/api/v1/ledgers/funds/"


@pytest.fixture(autouse=True)
def shared_cache(settings: Any) -> Any:
    """A shared cache that is not the database's (Redis in a deployment)."""
    settings.CACHES = {**settings.CACHES, "shared": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "api-lists"}}
    caches["shared"].clear()
    yield
    caches["shared"].clear()


def _movement(demo: dict[str, Any], i: int, pairing: str = "szq-lxs",
              code: str = "622901") -> FundMovement:
    return FundMovement(
        pairing=demo["pairings"][pairing],
        region=Region.objects.get(code=code, valid_to__isnull=True), year=2024,
        date=dt.date(2024, 1, 1) + dt.timedelta(days=i % 5), type="transfer",
        source="fiscal", amount=Decimal(1000 + i), reported_by="recipient")


@pytest.fixture
def rows(demo: dict[str, Any]) -> list[int]:
    FundMovement.objects.bulk_create([_movement(demo, i) for i in range(47)])
    return list(FundMovement.objects.order_by("-date", "-id").values_list("id", flat=True))


def test_next_cursor_walks_every_row_once(client: Any, bearer: Any, rows: list[int]) -> None:
    headers = bearer("national")
    params: dict[str, Any] = {"page_size": 10}
    seen: list[int] = []
    costs = []
    while True:
        with CaptureQueriesContext(connection) as queries:
            data = client.get(URL, params, headers=headers).json()
        costs.append(len(queries))
        assert data["count"] == len(rows)
        assert data["page"] == (None if "cursor" in params else 1)  # no number by cursor
        seen += [r["id"] for r in data["results"]]
        if data["next_cursor"] is None:
            break
        params = {"page_size": 10, "cursor": data["next_cursor"]}
    assert seen == rows
    assert len(set(costs[1:])) == 1  # every page after the first costs the same
    by_number = client.get(URL, {"page_size": 10, "page": 3}, headers=headers).json()
    assert [r["id"] for r in by_number["results"]] == rows[20:30]
    assert by_number["next_cursor"] is not None


def test_previous_cursor_walks_back_page_by_page(client: Any, bearer: Any,
                                                 rows: list[int]) -> None:
    headers = bearer("national")
    forward: list[list[int]] = []
    params: dict[str, Any] = {"page_size": 10}
    while True:
        data = client.get(URL, params, headers=headers).json()
        forward.append([r["id"] for r in data["results"]])
        assert (data["previous_cursor"] is None) == (len(forward) == 1)
        if data["next_cursor"] is None:
            break
        params = {"page_size": 10, "cursor": data["next_cursor"]}
    backward: list[list[int]] = []
    costs = []
    while True:
        backward.append([r["id"] for r in data["results"]])
        if data["previous_cursor"] is None:
            break
        with CaptureQueriesContext(connection) as queries:
            data = client.get(URL, {"page_size": 10, "cursor": data["previous_cursor"]},
                              headers=headers).json()
        costs.append(len(queries))
        assert data["next_cursor"] is not None
    assert backward == forward[::-1]
    assert len(set(costs)) == 1  # every page back costs the same
    by_number = client.get(URL, {"page_size": 10, "page": 3}, headers=headers).json()
    before = client.get(URL, {"page_size": 10, "cursor": by_number["previous_cursor"]},
                        headers=headers).json()
    assert [r["id"] for r in before["results"]] == rows[10:20]


def test_a_page_back_stops_at_the_first_row(client: Any, bearer: Any, demo: dict[str, Any],
                                            rows: list[int]) -> None:
    """Rows added at the head of the list since: the page before the second page holds only
    the rows before it (none is given twice), and it is the first."""
    headers = bearer("national")
    second = client.get(URL, {"page_size": 10, "page": 2}, headers=headers).json()
    FundMovement.objects.bulk_create([_movement(demo, 4) for _ in range(3)])  # the latest date
    newest = list(FundMovement.objects.order_by("-date", "-id").values_list("id", flat=True))
    back = client.get(URL, {"page_size": 10, "cursor": second["previous_cursor"]},
                      headers=headers).json()
    assert [r["id"] for r in back["results"]] == newest[:13][-10:]
    again = client.get(URL, {"page_size": 10, "cursor": back["previous_cursor"]},
                       headers=headers).json()
    assert [r["id"] for r in again["results"]] == newest[:3]
    assert again["previous_cursor"] is None and again["next_cursor"] is not None


# the last: a cursor made for another order (["before", ["amount", "id"], true, ["1", 1]])
@pytest.mark.parametrize("cursor", ["x", "e30", "W10", "WyJiZWZvcmUiLFsiYW1vdW50IiwiaWQiXSx0"
                                    "cnVlLFsiMSIsMV1d"])
def test_a_bad_cursor_is_ignored(client: Any, bearer: Any, rows: list[int],
                                 cursor: str) -> None:
    response = client.get(URL, {"page_size": 10, "page": 2, "cursor": cursor},
                          headers=bearer("national"))
    assert response.status_code == 200
    assert [r["id"] for r in response.json()["results"]] == rows[10:20]
    assert response.json()["page"] == 2  # the page of ``page`` is answered


def test_the_count_is_fresh_after_a_write_and_kept_per_scope(
        client: Any, bearer: Any, demo: dict[str, Any], rows: list[int]) -> None:
    FundMovement.objects.bulk_create([_movement(demo, 0, "lmt-pg", "513428")])
    linxia, puge = bearer("linxiashi_entry"), bearer("puge_entry")
    for _round in range(2):
        assert client.get(URL, headers=linxia).json()["count"] == 47
        assert client.get(URL, headers=puge).json()["count"] == 1
    actions.save(demo["users"]["linxiashi_entry"], _movement(demo, 99))
    assert client.get(URL, headers=linxia).json()["count"] == 48
    assert client.get(URL, headers=puge).json()["count"] == 1
