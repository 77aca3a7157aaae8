"""The review queue's filters (status, event date, region, event type) and pages, on a real
database, with its query count pinned."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from xiezuo.news import views
from xiezuo.news.models import Report, Status
from xiezuo.regions.models import Region

pytestmark = pytest.mark.django_db


def _report(n: int, region: str | None, day: dt.date | None, types: list[str], **kw: Any) -> Report:
    return Report.objects.create(
        file_name=f"r{n:03d}.txt",
        content_hash=f"{n:064d}",
        cluster_key=kw.pop("cluster_key", f"{n:064d}"),
        title=kw.pop("title", f"报道{n:03d}"),
        original_text="原文",
        cleaned_text="原文",
        record={"event_types": types},
        event_date=day,
        region=Region.objects.get(code=region) if region else None,
        **kw,
    )


@pytest.fixture
def reports(demo) -> dict[str, Report]:
    return {
        "linxia": _report(1, "622900", dt.date(2023, 5, 11), ["visit", "fund_delivery"]),
        "linxia_old": _report(2, "622921", dt.date(2021, 3, 2), ["training"]),
        "puge": _report(3, "513428", dt.date(2022, 9, 19), ["visit", "signing"]),
        "done": _report(4, "622900", dt.date(2023, 6, 1), ["visit"], status=Status.ACCEPTED),
        "nowhere": _report(5, None, None, []),
    }


def _titles(client: Any, **params: Any) -> set[str]:
    body = client.get(reverse("news:queue"), params).content.decode()
    return {t for t in (f"报道{n:03d}" for n in range(1, 100)) if t in body}


def test_it_lists_pending_reports_unless_asked_otherwise(login, reports) -> None:
    client = login("national")
    assert _titles(client) == {"报道001", "报道002", "报道003", "报道005"}
    assert _titles(client, status="accepted") == {"报道004"}
    assert _titles(client, status="all") == {f"报道00{n}" for n in range(1, 6)}


def test_it_filters_by_event_date(login, reports) -> None:
    client = login("national")
    assert _titles(client, date_from="2022-01-01") == {"报道001", "报道003"}
    assert _titles(client, date_to="2022-12-31") == {"报道002", "报道003"}
    assert _titles(client, date_from="2022-01-01", date_to="2022-12-31") == {"报道003"}


def test_it_filters_by_region_and_its_subtree(login, reports) -> None:
    client = login("national")
    assert _titles(client, region="622900") == {"报道001", "报道002"}  # 临夏州 and 临夏县
    assert _titles(client, region="临夏县") == {"报道002"}
    assert _titles(client, region="普格县") == {"报道003"}


def test_it_filters_by_event_type(login, reports) -> None:
    client = login("national")
    assert _titles(client, event_type="visit") == {"报道001", "报道003"}
    assert _titles(client, event_type="fund_delivery") == {"报道001"}
    assert _titles(client, event_type="visit", status="all") == {"报道001", "报道003", "报道004"}
    assert _titles(client, event_type="labour") == set()


def test_it_ignores_bad_filters_and_says_so(login, reports) -> None:
    response = login("national").get(reverse("news:queue"), {"date_from": "2023-02-30"})
    assert response.status_code == 200
    assert 'class="errorlist"' in response.content.decode()


def test_it_keeps_a_county_to_its_own_reports_whatever_the_filter(login, reports) -> None:
    client = login("puge_entry")
    assert _titles(client, status="all") == {"报道003"}
    assert _titles(client, region="622900", status="all") == set()
    assert _titles(client, event_type="fund_delivery") == set()


def test_it_pages_the_queue_keeping_the_filters(login, reports, monkeypatch) -> None:
    monkeypatch.setattr(views, "QUEUE_PAGE", 2)
    client = login("national")
    first = client.get(reverse("news:queue"), {"status": "all"}).content.decode()
    assert "第 1 / 3 页，共 5 条" in first
    assert "status=all&amp;page=2" in first
    # newest event first, undated last
    assert _titles(client, status="all", page=1) == {"报道004", "报道001"}
    assert _titles(client, status="all", page=2) == {"报道003", "报道002"}
    assert _titles(client, status="all", page=3) == {"报道005"}
    assert _titles(client, status="all", page=99) == {"报道005"}


def test_it_groups_copies_of_one_event_on_a_page(login, reports) -> None:
    _report(6, "622900", dt.date(2023, 5, 11), ["visit"], cluster_key=reports["linxia"].cluster_key)
    body = login("national").get(reverse("news:queue")).content.decode()
    assert "r006.txt" in body  # listed as a source under the first report of its event
    assert "报道006" not in body


def test_it_reads_a_page_in_a_fixed_number_of_queries(
    login, reports, django_assert_max_num_queries
) -> None:
    client = login("jinan_admin")
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("news:queue"), {"status": "all", "region": "622900"})
    for n in range(10, 70):
        _report(n, "622900", dt.date(2023, 1, 1) + dt.timedelta(days=n), ["visit"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("news:queue"), {"status": "all", "region": "622900"})
    assert response.status_code == 200
