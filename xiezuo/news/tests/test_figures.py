"""Extracted figures recorded on accept: an amount as a fund movement, a count as an
indicator's manual figure, through those ledgers' forms, only when ticked, all or nothing."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from xiezuo.core.models import Attachment, AuditEntry
from xiezuo.funds.models import FundMovement
from xiezuo.indicators.models import Indicator, ManualEntry
from xiezuo.meetings.models import Meeting
from xiezuo.news.models import Report, Status
from xiezuo.news.tests.test_queue import LINXIA, _ingest, _post_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def linxia(demo) -> Report:
    (report,) = _ingest(("linxia.txt", LINXIA))
    assert [a["text"] for a in report.record["amounts"]] == ["3.2亿元"]
    assert [(c["text"], c["unit"]) for c in report.record["counts"]] == [("120名", "名")]
    return report


def _ticked(report: Report, user: Any, **rows: str) -> dict[str, Any]:
    data = _post_data(report, user)
    data.update(rows)
    return data


def test_it_offers_every_figure_prefilled_and_unticked(login, linxia) -> None:
    body = login("national").get(reverse("news:review", args=[linxia.pk])).content.decode()
    assert 'id="review-funds"' in body and 'id="review-counts"' in body
    assert 'name="f-0-amount" value="320000000"' in body
    assert 'name="f-0-date" value="2023-05-11"' in body
    assert 'name="c-0-value" value="120"' in body
    assert "选派挂职干部（人）" in body  # 名 counts people: the indicators counted in 人
    assert 'name="f-0-create" id="id_f-0-create" checked' not in body


def test_it_creates_nothing_that_is_not_ticked(login, linxia, demo) -> None:
    client = login("national")
    data = _post_data(linxia, demo["users"]["national"])
    assert client.post(reverse("news:review", args=[linxia.pk]), data).status_code == 302
    assert not FundMovement.objects.exists() and not ManualEntry.objects.exists()


def test_it_records_a_ticked_amount_as_a_fund_movement(login, linxia, demo) -> None:
    national = demo["users"]["national"]
    data = _ticked(linxia, national, **{"f-0-create": "on", "f-0-type": "transfer"})
    response = login("national").post(reverse("news:review", args=[linxia.pk]), data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    movement = FundMovement.objects.get()
    meeting = Meeting.objects.get()
    assert movement.amount == Decimal("320000000")
    assert (movement.type, movement.source, movement.reported_by) == (
        "transfer",
        "fiscal",
        "donor",
    )
    assert (movement.region, movement.pairing) == (meeting.region, meeting.pairing)
    assert movement.pairing == demo["pairings"]["jn-lx"]
    assert (str(movement.date), movement.year) == ("2023-05-11", 2023)
    assert "3.2亿元" in movement.notes
    assert movement.created_by == national
    evidence = Attachment.for_object(movement).get()
    assert (evidence.kind, evidence.original_name) == ("evidence", "linxia.txt")
    assert AuditEntry.for_object(movement).get(action="create").actor == national
    accept = AuditEntry.for_object(meeting).get(action="accept")
    assert accept.changes["records"][1] == [f"funds.FundMovement:{movement.pk}"]


def test_it_records_a_ticked_count_as_a_manual_figure(login, linxia, demo) -> None:
    national = demo["users"]["national"]
    cadres = Indicator.objects.get(code="cadres", valid_from=None)
    data = _ticked(linxia, national, **{"c-0-create": "on", "c-0-indicator": str(cadres.pk)})
    response = login("national").post(reverse("news:review", args=[linxia.pk]), data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    entry = ManualEntry.objects.get()
    assert (entry.indicator, entry.value, entry.year) == (cadres, Decimal("120"), 2023)
    assert str(entry.as_of) == "2023-05-11"
    assert entry.region.code == "622900" and entry.pairing == demo["pairings"]["jn-lx"]
    assert entry.basis.startswith("报道：济南市党政代表团")
    assert Attachment.for_object(entry).get().kind == "evidence"
    assert not FundMovement.objects.exists()


def test_it_asks_for_the_type_of_a_ticked_amount(login, linxia, demo) -> None:
    data = _ticked(linxia, demo["users"]["national"], **{"f-0-create": "on"})
    response = login("national").post(reverse("news:review", args=[linxia.pk]), data)
    assert response.status_code == 200
    assert "勾选登记时必须填写。" in response.content.decode()
    linxia.refresh_from_db()
    assert linxia.status == Status.PENDING
    assert not Meeting.objects.exists() and not FundMovement.objects.exists()


def test_it_shows_the_ledgers_refusal_and_writes_nothing(login, linxia, demo) -> None:
    cadres = Indicator.objects.get(code="cadres", valid_from=None)
    rows = {
        "c-0-create": "on",
        "c-0-indicator": str(cadres.pk),
        "f-0-create": "on",
        "f-0-type": "allocation",  # the fund ledger wants a project for an allocation
    }
    data = _ticked(linxia, demo["users"]["national"], **rows)
    response = login("national").post(reverse("news:review", args=[linxia.pk]), data)
    assert response.status_code == 200
    assert "须指明项目" in response.content.decode()
    linxia.refresh_from_db()
    assert linxia.status == Status.PENDING
    assert not Meeting.objects.exists()
    assert not FundMovement.objects.exists() and not ManualEntry.objects.exists()


def test_it_lets_a_reviewer_record_figures_in_their_scope(login, linxia, demo) -> None:
    reviewer = demo["users"]["linxia_reviewer"]
    data = _ticked(linxia, reviewer, **{"f-0-create": "on", "f-0-type": "transfer"})
    response = login("linxia_reviewer").post(reverse("news:review", args=[linxia.pk]), data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    movement = FundMovement.objects.get()
    assert movement.created_by == reviewer
    assert movement.reported_by == "recipient"  # a recipient office reports as recipient


def test_it_says_when_no_indicator_counts_a_unit(login, demo) -> None:
    text = LINXIA.replace("120名", "1200亩")
    (report,) = _ingest(("mu.txt", text))
    assert report.record["counts"][0]["unit"] == "亩"
    body = login("national").get(reverse("news:review", args=[report.pk])).content.decode()
    assert "没有以“亩”计的指标，不能登记。" in body


def test_it_reads_the_review_page_in_a_fixed_number_of_queries(
    login, linxia, django_assert_max_num_queries
) -> None:
    client = login("national")
    url = reverse("news:review", args=[linxia.pk])
    with django_assert_max_num_queries(40) as few:
        client.get(url)
    record = dict(linxia.record)
    units = ["人", "名", "个", "家", "亩", "人次"]
    record["counts"] = [
        {"text": f"{n}{u}", "value": n, "unit": u, "what": ""} for n, u in enumerate(units * 5, 1)
    ]
    record["amounts"] = [
        {"text": f"{n}万元", "value_yuan": n * 10000, "what": "", "approximate": False}
        for n in range(1, 21)
    ]
    Report.objects.filter(pk=linxia.pk).update(record=record)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url).content.decode()
    assert 'name="c-29-value"' in page and 'name="f-19-amount"' in page
