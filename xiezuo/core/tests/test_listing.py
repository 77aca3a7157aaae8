"""Every list sorts by its declared columns only, both ways, offers page sizes and a page jump,
and costs the same number of queries whatever the page size."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from django.test import RequestFactory
from django.urls import reverse

from xiezuo.core.listing import paginate

pytestmark = pytest.mark.django_db

#: the lists that are not ledgers: URL name → the sort keys their headers offer
LISTS = {
    "reporting:list": ["region", "period", "data_set", "status", "deadline", "submitted"],
    "reporting:notifications": ["at"],
    "regions:list": ["code", "name", "short_name", "level", "parent", "valid"],
    "pairings:list": ["donor", "recipient", "kind", "level", "start"],
    "notices:list": ["title", "office", "published", "deadline"],
    "accounts:users": ["username", "full_name", "office", "role", "active", "last_login",
                       "password_changed"],
    "core:audit": ["at", "actor", "action", "object"],
    "news:queue": ["date", "title", "region", "status"],
}


def test_the_helper_takes_declared_keys_only() -> None:
    from xiezuo.regions.models import Region

    rows = Region.objects.all()
    sorts = {"code": ("code",)}
    for raw, key, down in (("code", "code", False), ("-code", "code", True),
                           ("name", "", False), ("-", "", False), ("code,name", "", False),
                           ("--code", "", False), ("pk", "", False)):
        listing = paginate(RequestFactory().get("/", {"sort": raw}), rows, sorts=sorts)
        assert (listing.sort, listing.descending) == (key, down), raw
        assert ("sort" in listing.query) == bool(key)
    request = RequestFactory().get("/", {"size": "200", "page": "3", "q": "临夏"})
    listing = paginate(request, rows, sorts=sorts, size=50)
    assert listing.size == 200 and listing.hidden("page") == [("size", "200"), ("q", "临夏")]
    assert listing.sort_link("code") == ("size=200&q=%E4%B8%B4%E5%A4%8F&sort=code", "")


@pytest.mark.parametrize("name", sorted(LISTS))
def test_every_list_sorts_both_ways_and_ignores_other_sorts(demo: dict[str, Any],
                                                            login: Any, name: str) -> None:
    client = login("national")
    url = reverse(name)
    base = client.get(url)
    assert base.status_code == 200
    assert base.context["listing"].sortable == frozenset(LISTS[name])
    for key in LISTS[name]:
        for sort in (key, f"-{key}"):
            response = client.get(url, {"sort": sort, "size": "20"})
            assert response.status_code == 200, sort
            assert f'data-sort="{key}"' in response.content.decode()
    for bad in ("password", "-actor__password", "id; drop", "__all__"):
        response = client.get(url, {"sort": bad, "size": "99999", "page": "x"})
        assert response.status_code == 200 and response.context["listing"].sort == ""


@pytest.mark.parametrize("name", sorted(LISTS))
def test_every_list_costs_the_same_at_20_and_200_rows_a_page(
        demo: dict[str, Any], login: Any, django_assert_num_queries: Any, name: str) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login("national")
    url = reverse(name)
    query: dict[str, str] = {}
    if name == "core:audit":  # 210 entries each naming a region (one lookup for them all)
        from xiezuo.core.audit import acting_as
        from xiezuo.core.models import record_audit
        from xiezuo.regions.models import Region

        regions = list(Region.objects.order_by("pk")[:211])
        with acting_as(demo["users"]["national"]):
            for before, after in itertools.pairwise(regions):
                record_audit(after, "remind", {"parent": [before.pk, after.pk]})
        query = {"action": "remind"}
    client.get(url, {"size": "20", **query})
    with CaptureQueriesContext(connection) as small:
        client.get(url, {"size": "20", **query})
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(url, {"size": "200", **query})
    assert response.context["listing"].size == 200


def test_every_ledger_sorts_by_each_sortable_column(demo: dict[str, Any], login: Any) -> None:
    from xiezuo.ledgers.declare import declared_ledgers

    client = login("national")
    for ledger in declared_ledgers().values():
        url = reverse(ledger.url_name("list"))
        for key in ledger.sorts():
            for sort in (key, f"-{key}"):
                response = client.get(url, {"sort": sort})
                assert response.status_code == 200, (url, sort)
                assert response.context["listing"].sort == key
