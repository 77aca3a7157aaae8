"""The review queue on a real database, seen by the personas: ingest, scope, accept, reject."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from xiezuo.core.models import Attachment, AuditEntry
from xiezuo.news import actions
from xiezuo.news.ingest import ingest
from xiezuo.news.models import Report, Status
from xiezuo.news.tests.test_sources import PAGE

pytestmark = pytest.mark.django_db

LINXIA = """济南市党政代表团赴临夏州考察对接东西部协作工作
发布时间:2023-05-12
5月11日,济南市委书记刘强率济南市党政代表团赴临夏州考察对接东西部协作工作。临夏州委书记郭鹤立陪同考察。
当天下午,济南市—临夏州东西部协作联席会议在临夏市召开。会上,济南市向临夏州交付2023年帮扶资金3.2亿元。济南市历城区与临夏县签订了《劳务协作框架协议》。
今年济南市计划选派挂职干部和专业技术人才120名。
"""
PUGE = """龙马潭区党政代表团赴普格县对接对口帮扶工作
发布时间:2022-09-20
9月19日,龙马潭区委书记张三强率龙马潭区党政代表团赴普格县考察对口帮扶工作。普格县委书记李四平陪同考察。
当天,龙马潭区—普格县对口帮扶工作联席会议在普格县召开。会上,龙马潭区与普格县签订了《乌鸡产业合作协议》。龙马潭区向普格县交付帮扶资金800万元。
"""
NOWHERE = """关于做好年度统计工作的通知
各单位要按时报送年度统计数据,确保数据真实准确。
"""


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def _ingest(*texts: tuple[str, str]) -> list[Report]:
    return ingest([(name, text.encode()) for name, text in texts]).created


def _post_data(report: Report, user: Any) -> dict[str, Any]:
    """The review page's form as submitted unchanged."""
    forms = actions.review_forms(report, user)
    formsets = (forms.officials, forms.agreements, forms.funds, forms.counts)
    data: dict[str, Any] = {}
    for form in [forms.meeting, *(f for formset in formsets for f in formset.forms)]:
        for field in form:
            value = field.value()
            if value is not None and value is not False and field.name != "DELETE":
                data[field.html_name] = value
    for formset in formsets:
        for field in formset.management_form:
            data[field.html_name] = field.value()
    return data


def test_ingest_is_idempotent_and_resolves_region_and_pairing(demo, tmp_path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "linxia.txt").write_text(LINXIA)
    (folder / "puge.txt").write_text(PUGE, encoding="gb18030")
    (folder / "linxia.clean.txt").write_text(LINXIA)  # a companion, not a report
    call_command("news", "ingest", str(folder))
    call_command("news", "ingest", str(folder))
    assert Report.objects.count() == 2
    linxia = Report.objects.get(file_name="linxia.txt")
    assert linxia.region.code == "622900"
    assert linxia.pairing == demo["pairings"]["jn-lx"]
    assert linxia.status == Status.PENDING
    assert linxia.title.startswith("济南市党政代表团")
    puge = Report.objects.get(file_name="puge.txt")
    assert puge.region.code == "513428"
    assert puge.pairing == demo["pairings"]["lmt-pg"]
    assert "龙马潭区" in puge.original_text


def test_near_duplicates_share_a_cluster_key(demo) -> None:
    first, = _ingest(("a.txt", LINXIA))
    copy = LINXIA.replace("发布时间:2023-05-12", "来源:临夏日报 发布时间:2023-05-13")
    second, other = _ingest(("b.txt", copy), ("c.txt", PUGE))
    second.refresh_from_db()
    assert second.cluster_key == first.cluster_key
    assert other.cluster_key != first.cluster_key
    assert list(first.siblings()) == [second]


def test_a_county_sees_only_reports_of_its_pairings(login, demo) -> None:
    linxia, puge, nowhere = _ingest(("linxia.txt", LINXIA), ("puge.txt", PUGE),
                                    ("nowhere.txt", NOWHERE))
    assert nowhere.region is None and nowhere.pairing is None
    users = demo["users"]
    assert set(Report.objects.visible_to(users["puge_entry"])) == {puge}
    # a prefecture's report is not a county's: 临夏市 does not see the 临夏州 one
    assert set(Report.objects.visible_to(users["linxiashi_entry"])) == set()
    assert set(Report.objects.visible_to(users["gansu_viewer"])) == {linxia}
    assert set(Report.objects.visible_to(users["jinan_admin"])) == {linxia}
    assert set(Report.objects.visible_to(users["national"])) == {linxia, puge, nowhere}

    client = login("puge_entry")
    page = client.get(reverse("news:queue"))
    assert page.status_code == 200
    assert "龙马潭区党政代表团" in page.content.decode()
    assert "济南市党政代表团" not in page.content.decode()
    assert client.get(reverse("news:review", args=[linxia.pk])).status_code == 404
    assert client.get(reverse("news:review", args=[nowhere.pk])).status_code == 404
    assert client.get(reverse("news:review", args=[puge.pk])).status_code == 200


def test_review_page_highlights_the_spans(login, demo) -> None:
    report, = _ingest(("linxia.txt", LINXIA + "<script>alert(1)</script>\n"))
    body = login("national").get(reverse("news:review", args=[report.pk])).content.decode()
    assert '<mark class="amount">3.2亿元</mark>' in body
    assert '<mark class="count">120名</mark>' in body
    assert '<mark class="person">刘强</mark>' in body
    assert "<script>alert(1)" not in body
    assert "&lt;script&gt;" in body


def test_accept_creates_the_meeting_agreements_and_evidence(login, demo) -> None:
    report, = _ingest(("puge.txt", PUGE))
    client = login("puge_entry")
    data = _post_data(report, demo["users"]["puge_entry"])
    data["a-0-party_b"] = "普格县"
    response = client.post(reverse("news:review", args=[report.pk]), data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    report.refresh_from_db()
    assert report.status == Status.ACCEPTED
    meeting = report.meeting
    assert meeting is not None
    assert meeting.pairing == demo["pairings"]["lmt-pg"]
    assert meeting.region.code == "513428"
    assert str(meeting.start_date) == "2022-09-19"
    agreement = meeting.agreements.get()
    assert agreement.title == "乌鸡产业合作协议"
    assert (agreement.party_a, agreement.party_b) == ("龙马潭区", "普格县")
    assert agreement.signed_on == meeting.start_date
    assert {o.name for o in meeting.officials.all()} == {"张三强", "李四平"}
    attachment = Attachment.for_object(meeting).get()
    assert attachment.original_name == "puge.txt"
    assert attachment.kind == "evidence"
    assert attachment.file.read().decode() == PUGE
    assert meeting.sources.count() == 1
    assert AuditEntry.for_object(report).filter(action="accept").exists()
    assert AuditEntry.for_object(meeting).filter(action="accept").exists()

    # decided once: a second accept is refused and creates nothing
    again = client.post(reverse("news:review", args=[report.pk]), data)
    assert again.status_code == 302
    assert meeting.__class__.objects.count() == 1
    with pytest.raises(actions.AlreadyDecided):
        actions.accept(report, demo["users"]["national"],
                       actions.review_forms(report, demo["users"]["national"], data))


def test_accept_with_invalid_fields_creates_nothing(login, demo) -> None:
    report, = _ingest(("puge.txt", PUGE))
    data = _post_data(report, demo["users"]["puge_entry"])
    data["m-title"] = ""
    response = login("puge_entry").post(reverse("news:review", args=[report.pk]), data)
    assert response.status_code == 200
    report.refresh_from_db()
    assert report.status == Status.PENDING and report.meeting is None


def test_a_viewer_may_not_accept(login, demo) -> None:
    report, = _ingest(("linxia.txt", LINXIA))
    data = _post_data(report, demo["users"]["national"])
    response = login("gansu_viewer").post(reverse("news:review", args=[report.pk]), data)
    assert response.status_code == 403


def test_reject_keeps_the_reason(login, demo) -> None:
    report, = _ingest(("linxia.txt", LINXIA))
    client = login("jinan_admin")
    url = reverse("news:reject", args=[report.pk])
    assert client.post(url, {"reason": ""}).status_code == 302
    report.refresh_from_db()
    assert report.status == Status.PENDING
    client.post(url, {"reason": "与已登记的联席会议重复"})
    report.refresh_from_db()
    assert report.status == Status.REJECTED
    assert report.reject_reason == "与已登记的联席会议重复"
    entry = AuditEntry.for_object(report).get(action="reject")
    assert entry.reason == "与已登记的联席会议重复"
    with pytest.raises(actions.AlreadyDecided):
        actions.reject(report, demo["users"]["national"], "again")


def test_upload_page(login, demo) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = login("puge_entry")
    assert client.get(reverse("news:upload")).status_code == 200
    files = [SimpleUploadedFile("puge.txt", PUGE.encode(), "text/plain"),
             SimpleUploadedFile("bad.pdf", b"%PDF-1.4", "application/pdf")]
    response = client.post(reverse("news:upload"), {"files": files})
    assert response.status_code == 302
    assert Report.objects.filter(file_name="puge.txt").count() == 1
    assert not Report.objects.filter(file_name="bad.pdf").exists()
    assert login("gansu_viewer").get(reverse("news:upload")).status_code == 403


def test_accept_attaches_the_other_sources_of_the_event(login, demo) -> None:
    first, = _ingest(("a.txt", LINXIA))
    copy = LINXIA.replace("发布时间:2023-05-12", "来源:临夏日报 发布时间:2023-05-13")
    second, = _ingest(("b.txt", copy))
    national = demo["users"]["national"]
    data = _post_data(first, national)
    meeting = actions.accept(first, national, actions.review_forms(first, national, data))
    second.refresh_from_db()
    assert second.status == Status.ACCEPTED and second.meeting == meeting
    assert {a.original_name for a in Attachment.for_object(meeting)} == {"a.txt", "b.txt"}
    assert meeting.sources.count() == 2


def test_a_report_read_out_of_a_file_brings_the_file_as_evidence_too(login, demo) -> None:
    page = PAGE.encode("gb18030")
    (report,) = ingest([("linxia.html", page)]).created
    (text,) = ingest([("puge.txt", PUGE.encode())]).created
    assert report.source_file.read() == page and not text.source_file  # a text file is its text
    user = demo["users"]["national"]
    data = _post_data(report, user)
    data["a-0-party_b"] = data.get("a-0-party_b") or "临夏县"
    response = login("national").post(reverse("news:review", args=[report.pk]), data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    report.refresh_from_db()
    evidence = {a.original_name: a for a in Attachment.for_object(report.meeting)}
    assert set(evidence) == {"linxia.html.txt", "linxia.html"}
    assert all(a.kind == "evidence" for a in evidence.values())
    assert evidence["linxia.html"].file.read() == page  # the page as it was uploaded
    assert "济南市党政代表团" in evidence["linxia.html.txt"].file.read().decode()
