"""A ledger's list: sorting by a column (declared columns only), the page size and the page
jump, and a page that costs the same number of queries at 20 rows as at 200."""

from __future__ import annotations

import datetime as dt
import html
import re
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qs

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _rows(demo: dict[str, Any], n: int) -> list[Any]:
    from xiezuo.funds.models import FundMovement

    pairing = demo["pairings"]["szq-lxs"]
    return [FundMovement.objects.create(
        pairing=pairing, region=pairing.recipient, year=2026,
        date=dt.date(2026, 1, 1) + dt.timedelta(days=i % 7), type="transfer", source="fiscal",
        amount=Decimal(1000 + (i * 37) % 11), reported_by="recipient") for i in range(n)]


def _ids(response: Any) -> list[int]:
    return [obj.pk for obj, _url, _cells in response.context["table"]]


def test_it_sorts_by_a_header_both_ways_with_the_id_as_tiebreak(demo: dict[str, Any],
                                                                 login: Any) -> None:
    rows = _rows(demo, 12)
    client = login("linxiashi_entry")
    up = _ids(client.get(reverse("funds:list"), {"sort": "amount"}))
    down = _ids(client.get(reverse("funds:list"), {"sort": "-amount"}))
    by = {r.pk: (r.amount, r.pk) for r in rows}
    assert up == sorted(by, key=lambda pk: by[pk])
    assert down == list(reversed(up))
    page = client.get(reverse("funds:list"), {"sort": "amount"}).content.decode()
    assert 'href="?sort=-amount"' in page and "sort-asc" in page


@pytest.mark.parametrize("bad", ["password", "-region__office__users__password", "amount;",
                                 "region", "?", "", "-", "--amount", "pk", "ａmount"])
def test_it_ignores_a_sort_not_declared(demo: dict[str, Any], login: Any, bad: str) -> None:
    _rows(demo, 3)
    client = login("linxiashi_entry")
    response = client.get(reverse("funds:list"), {"sort": bad})
    assert response.status_code == 200
    assert _ids(response) == _ids(client.get(reverse("funds:list")))  # the default order
    assert response.context["listing"].sort == ""


def test_it_offers_page_sizes_and_ignores_others(demo: dict[str, Any], login: Any) -> None:
    _rows(demo, 25)
    client = login("linxiashi_entry")
    assert len(_ids(client.get(reverse("funds:list"), {"size": "20"}))) == 20
    for bad in ("7", "100000", "-1", "abc", "２０"):
        response = client.get(reverse("funds:list"), {"size": bad})
        assert response.status_code == 200 and len(_ids(response)) == 25
    page = client.get(reverse("funds:list"), {"size": "20", "sort": "-date",
                                              "type": "transfer"}).content.decode()
    # the pager and the headers keep the filter, the sort and the size
    assert "page=2" in page and 'name="size"' in page and "跳至" in page
    links = [parse_qs(html.unescape(q)) for q in re.findall(r'href="\?([^"]*)"', page)]
    keep = {"type": ["transfer"], "size": ["20"]}
    nexts = [q for q in links if q.get("page") == ["2"]]  # the next page, read by keyset
    assert [{k: v for k, v in q.items() if k != "cursor"} for q in nexts] == [
        {**keep, "sort": ["-date"], "page": ["2"]}] and "cursor" in nexts[0]
    assert {**keep, "sort": ["amount"]} in links  # another column, ascending
    assert {**keep, "sort": ["date"]} in links  # the sorted column, the other way


def test_the_query_count_does_not_grow_with_the_page_size(
        demo: dict[str, Any], login: Any, django_assert_num_queries: Any) -> None:
    _rows(demo, 210)
    client = login("linxiashi_entry")
    client.get(reverse("funds:list"), {"size": "20"})  # warm caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(reverse("funds:list"), {"size": "20", "sort": "-amount"})
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(reverse("funds:list"), {"size": "200", "sort": "-amount"})
    assert len(_ids(response)) == 200
