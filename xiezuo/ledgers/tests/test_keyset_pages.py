"""Deep pages of a ledger list read by keyset: the pager's next/previous links carry a cursor on
the list's order, a page asked by a deep number starts from its first row's key, and the rows
are those offset paging gives, in every order keyset may read; other orders and bad cursors
fall back to offsets."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qs

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from xiezuo.core.listing import KEYSET_FROM, keyset_order
from xiezuo.funds.models import FundMovement
from xiezuo.regions.models import Region

pytestmark = pytest.mark.django_db

LIST = "/funds/"
SIZE = 20
ROWS = 170  # 9 pages of 20


@pytest.fixture
def rows(demo: dict[str, Any]) -> list[int]:
    """The ids of the movements in the list's order (date, then id, newest first): dates
    repeat, so rows of one date are told apart by their id."""
    region = Region.objects.get(code="622901", valid_to__isnull=True)
    FundMovement.objects.bulk_create([FundMovement(
        pairing=demo["pairings"]["szq-lxs"], region=region, year=2024,
        date=dt.date(2024, 1, 1) + dt.timedelta(days=i % 7), type="transfer",
        source="fiscal", amount=Decimal(1000 + i % 13), reported_by="recipient")
        for i in range(ROWS)])
    return list(FundMovement.objects.order_by("-date", "-id").values_list("id", flat=True))


def _ids(page: Any) -> list[int]:
    return [o.pk for o in page.context["page"].object_list]


def _params(query: str) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(query).items()}


def test_the_order_keyset_may_read() -> None:
    assert keyset_order(FundMovement, ("-date", "-id")) == (("date", "id"), True)
    assert keyset_order(FundMovement, ("date", "pk")) == (("date", "id"), False)
    assert keyset_order(FundMovement, ("-id",)) == (("id",), True)
    assert keyset_order(FundMovement, ("-date", "id")) is None  # two directions
    assert keyset_order(FundMovement, ("-date",)) is None  # no id: no one order
    assert keyset_order(FundMovement, ("-amount", "-id")) is None  # no index
    assert keyset_order(FundMovement, ("region", "id")) is None  # another record's order
    assert keyset_order(FundMovement, ("-project__name", "-id")) is None


def test_next_and_previous_walk_every_row_once(login: Any, rows: list[int]) -> None:
    client = login("national")
    page = client.get(LIST, {"size": SIZE})
    seen = _ids(page)
    pages = [list(seen)]
    while page.context["page"].has_next():
        query = page.context["listing"].next_query
        assert "cursor=" in query
        page = client.get(LIST, _params(query))
        assert page.status_code == 200
        pages.append(_ids(page))
        seen += _ids(page)
    assert seen == rows
    assert page.context["page"].number == len(pages) == 9
    for expected in reversed(pages[:-1]):  # and back
        page = client.get(LIST, _params(page.context["listing"].previous_query))
        assert _ids(page) == expected
    assert not page.context["page"].has_previous()
    assert "cursor" not in page.context["listing"].previous_query


def test_a_deep_page_by_number_is_the_page_offsets_give(login: Any, rows: list[int]) -> None:
    client = login("national")
    for number in (KEYSET_FROM + 1, 8, 9):
        page = client.get(LIST, {"size": SIZE, "page": number})
        assert _ids(page) == rows[(number - 1) * SIZE:number * SIZE], number
        assert page.context["page"].number == number
    assert _ids(client.get(LIST, {"size": SIZE, "page": 99})) == rows[8 * SIZE:]  # the last


def test_sorted_by_an_indexed_column_it_reads_by_keyset_too(login: Any,
                                                           rows: list[int]) -> None:
    client = login("national")
    ascending = list(FundMovement.objects.order_by("date", "id").values_list("id", flat=True))
    page = client.get(LIST, {"size": SIZE, "sort": "date", "page": 7})
    assert _ids(page) == ascending[6 * SIZE:7 * SIZE]
    query = page.context["listing"].next_query
    assert "cursor=" in query and "sort=date" in query
    assert _ids(client.get(LIST, _params(query))) == ascending[7 * SIZE:8 * SIZE]


def test_other_orders_page_by_offset(login: Any, rows: list[int]) -> None:
    client = login("national")
    by_amount = list(FundMovement.objects.order_by("-amount", "-id")
                     .values_list("id", flat=True))
    page = client.get(LIST, {"size": SIZE, "sort": "-amount", "page": 7})
    assert _ids(page) == by_amount[6 * SIZE:7 * SIZE]
    assert "cursor" not in page.context["listing"].next_query


@pytest.mark.parametrize("cursor", [
    "x", "!!!", "e30", "W10", "WyJhZnRlciIsWyJpZCJdLHRydWUsWzFdXQ",  # another order's
    "WyJhZnRlciIsWyJkYXRlIiwiaWQiXSx0cnVlLFsibm8iLDFdXQ",  # not a date
    "WyJzaWRld2F5cyIsWyJkYXRlIiwiaWQiXSx0cnVlLFsiMjAyNC0wMS0wMSIsMV1d",  # no direction
    # an id no column holds
    "WyJhZnRlciIsWyJkYXRlIiwiaWQiXSx0cnVlLFsiMjAyNC0wMS0wMSIsMTAw"
    "MDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMF1d",
])
def test_a_bad_cursor_is_ignored(login: Any, rows: list[int], cursor: str) -> None:
    page = login("national").get(LIST, {"size": SIZE, "page": 2, "cursor": cursor})
    assert page.status_code == 200
    assert _ids(page) == rows[SIZE:2 * SIZE]


def test_a_page_by_cursor_costs_what_the_first_does(login: Any, rows: list[int]) -> None:
    client = login("national")
    first = client.get(LIST, {"size": SIZE})
    with CaptureQueriesContext(connection) as one:
        first = client.get(LIST, {"size": SIZE})
    query = _params(first.context["listing"].next_query)
    for _step in range(5):
        with CaptureQueriesContext(connection) as deeper:
            page = client.get(LIST, query)
        assert len(deeper) == len(one), [q["sql"] for q in deeper.captured_queries]
        query = _params(page.context["listing"].next_query)
    offsets = [q["sql"] for q in deeper.captured_queries if "OFFSET" in q["sql"].upper()]
    assert offsets == []
