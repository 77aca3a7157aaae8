"""The review form as the reviewer meets it: parties proposed, the first error named."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from xiezuo.meetings.models import Meeting
from xiezuo.news import actions
from xiezuo.news.models import Report
from xiezuo.news.tests.test_queue import LINXIA, _ingest, _post_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def test_an_agreement_party_is_proposed_as_a_party_never_a_verb(demo) -> None:
    text = LINXIA + "美菜网、红日药业与临夏县签订的产业、销售合作协议。两地签订了劳务协作协议。"
    (report,) = _ingest(("linxia.txt", text))
    proposed = actions.proposal(report)["agreements"]
    assert {"party_a": "美菜网、红日药业", "party_b": "临夏县"}.items() <= next(
        a for a in proposed if a["title"] == "产业、销售合作协议").items()
    both = next(a for a in proposed if a["title"] == "劳务协作协议")
    assert (both["party_a"], both["party_b"]) == ("济南市", "临夏州")
    for agreement in proposed:
        for party in (agreement["party_a"], agreement["party_b"]):
            assert "签" not in party and not party.endswith("了")


def test_the_first_error_of_the_form_is_named_at_its_top(login, demo) -> None:
    (report,) = _ingest(("linxia.txt", LINXIA))
    data = _post_data(report, demo["users"]["national"])
    data["m-title"] = ""  # the meeting's title: the first field with an error
    row = int(data["a-TOTAL_FORMS"]) - 1  # the empty row left for a new agreement
    data[f"a-{row}-title"] = "补充协议"  # a row begun and left without its parties
    response = login("national").post(reverse("news:review", args=[report.pk]), data)
    assert response.status_code == 200
    assert not Meeting.objects.exists()
    body = response.content.decode()
    note = body[body.index('id="review-first-error"'):]
    note = note[: note.index("</div>")]
    assert "会议活动 · 名称" in note and 'href="#id_m-title"' in note
    assert "news/review.js" in body  # which scrolls to it


def test_an_error_further_down_is_named_with_its_table_and_row(login, demo) -> None:
    (report,) = _ingest(("linxia.txt", LINXIA))
    data = _post_data(report, demo["users"]["national"])
    data["a-0-party_a"] = ""
    response = login("national").post(reverse("news:review", args=[report.pk]), data)
    body = response.content.decode()
    note = body[body.index('id="review-first-error"'):]
    note = note[: note.index("</div>")]
    assert "签约协议" in note and "第 1 行" in note and 'href="#id_a-0-party_a"' in note


def test_accepting_keeps_the_outlet_date_and_address_of_the_report(login, demo) -> None:
    from datetime import date

    client = login("national")
    client.post(reverse("news:upload"), {
        "text": LINXIA, "outlet": "临夏日报", "url": "https://example.cn/a.html"})
    report = Report.objects.get()
    data = _post_data(report, demo["users"]["national"])
    assert client.post(reverse("news:review", args=[report.pk]), data).status_code == 302
    source = Meeting.objects.get().sources.get()
    assert (source.publisher, source.published_on, source.url) == (
        "临夏日报", date(2023, 5, 12), "https://example.cn/a.html")


def test_a_report_without_figures_is_accepted_from_the_page_as_it_is(login, demo) -> None:
    """The empty figure tables are not shown, their management forms still go with the
    form: the page, submitted as it is, is accepted."""
    import re

    text = "济南市党政代表团赴临夏州考察\n发布时间:2023-05-12\n5月11日,代表团赴临夏州考察。"
    (report,) = _ingest(("plain.txt", text))
    assert not report.record["amounts"] and not report.record["counts"]
    client = login("national")
    page = client.get(reverse("news:review", args=[report.pk])).content.decode()
    start = page.index('id="review-form"')
    form = page[start : page.index("</form>", start)]
    data: dict[str, str] = {}
    for tag in re.findall(r"<input[^>]*>", form):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name and 'type="checkbox"' not in tag:
            data[name.group(1)] = value.group(1) if value else ""
    for name, options in re.findall(r'<select name="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', options)
        data[name] = chosen.group(1) if chosen else ""
    assert {"f-TOTAL_FORMS", "c-TOTAL_FORMS"} <= set(data)
    response = client.post(reverse("news:review", args=[report.pk]), data)
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert Meeting.objects.count() == 1
