"""Who may decide a report: a reviewer within their scope (REVIEW), not a viewer; the records
are written on behalf of the deciding user, and the audit names them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from xiezuo.core.models import AuditEntry
from xiezuo.meetings.models import Meeting
from xiezuo.news import actions
from xiezuo.news.models import Status
from xiezuo.news.tests.test_queue import LINXIA, PUGE, _ingest, _post_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def test_it_lets_a_reviewer_accept_a_report_of_their_scope(login, demo) -> None:
    (report,) = _ingest(("linxia.txt", LINXIA))
    reviewer = demo["users"]["linxia_reviewer"]
    client = login("linxia_reviewer")
    url = reverse("news:review", args=[report.pk])
    assert 'id="accept"' in client.get(url).content.decode()
    response = client.post(url, _post_data(report, reviewer))
    assert response.status_code == 302, response.content.decode()[-3000:]
    report.refresh_from_db()
    assert report.status == Status.ACCEPTED
    meeting = report.meeting
    assert meeting is not None and meeting.created_by == reviewer
    assert {o.created_by for o in meeting.officials.all()} == {reviewer}
    assert {a.created_by for a in meeting.agreements.all()} == {reviewer}
    assert AuditEntry.for_object(meeting).get(action="create").actor == reviewer
    assert AuditEntry.for_object(meeting).get(action="accept").actor == reviewer
    assert AuditEntry.for_object(report).get(action="accept").actor == reviewer


def test_it_writes_the_records_as_the_deciding_user_outside_a_request(demo) -> None:
    (report,) = _ingest(("linxia.txt", LINXIA))
    reviewer = demo["users"]["linxia_reviewer"]
    data = _post_data(report, reviewer)
    meeting = actions.accept(report, reviewer, actions.review_forms(report, reviewer, data))
    assert meeting.created_by == reviewer
    assert AuditEntry.for_object(report).get(action="accept").actor_label == reviewer.username


def test_it_hides_other_counties_reports_from_a_reviewer(login, demo) -> None:
    (puge,) = _ingest(("puge.txt", PUGE))
    data = _post_data(puge, demo["users"]["national"])
    client = login("linxia_reviewer")
    assert client.get(reverse("news:review", args=[puge.pk])).status_code == 404
    assert client.post(reverse("news:review", args=[puge.pk]), data).status_code == 404
    reject = reverse("news:reject", args=[puge.pk])
    assert client.post(reject, {"reason": "不是本地的"}).status_code == 404
    puge.refresh_from_db()
    assert puge.status == Status.PENDING


def test_it_refuses_records_a_reviewer_moves_out_of_their_scope(login, demo) -> None:
    (report,) = _ingest(("linxia.txt", LINXIA))
    data = _post_data(report, demo["users"]["linxia_reviewer"])
    data["m-region"] = "513428"  # 普格县, outside 临夏州
    data["m-pairing"] = ""
    response = login("linxia_reviewer").post(reverse("news:review", args=[report.pk]), data)
    assert response.status_code == 200
    report.refresh_from_db()
    assert report.status == Status.PENDING
    assert not Meeting.objects.exists()


def test_it_lets_a_reviewer_reject(login, demo) -> None:
    (report,) = _ingest(("linxia.txt", LINXIA))
    client = login("linxia_reviewer")
    client.post(reverse("news:reject", args=[report.pk]), {"reason": "重复报道"})
    report.refresh_from_db()
    assert report.status == Status.REJECTED
    entry = AuditEntry.for_object(report).get(action="reject")
    assert entry.actor == demo["users"]["linxia_reviewer"]


def test_it_shows_a_viewer_no_decision_and_refuses_one(login, demo) -> None:
    (report,) = _ingest(("linxia.txt", LINXIA))
    data = _post_data(report, demo["users"]["national"])
    client = login("gansu_viewer")
    page = client.get(reverse("news:review", args=[report.pk])).content.decode()
    assert 'id="accept"' not in page and 'id="reject"' not in page
    assert client.post(reverse("news:review", args=[report.pk]), data).status_code == 403
    reject = reverse("news:reject", args=[report.pk])
    assert client.post(reject, {"reason": "x"}).status_code == 403
    viewer = demo["users"]["gansu_viewer"]
    with pytest.raises(actions.PermissionDenied):
        actions.accept(report, viewer, actions.review_forms(report, viewer, data))
    report.refresh_from_db()
    assert report.status == Status.PENDING and not Meeting.objects.exists()
