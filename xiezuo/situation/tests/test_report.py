"""The monthly situation report: figures against the hand-checked month, scoping, the PDF
drawn in Chinese, the Word file, and the archive on approval."""

import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest
from django.urls import reverse

from xiezuo.core.testing import run_tasks
from xiezuo.indicators import compute as c
from xiezuo.situation import report
from xiezuo.situation.models import ArchivedReport

pytestmark = pytest.mark.django_db
D = dt.date
MARCH = report.ReportPeriod.month(2024, 3)


def test_it_parses_periods() -> None:
    assert report.ReportPeriod.parse("2024-03") == MARCH
    q = report.ReportPeriod.parse("2024-q1")
    assert (q.start, q.end, q.kind) == (D(2024, 1, 1), D(2024, 3, 31), "quarter")
    assert report.ReportPeriod.parse("2024").end == D(2024, 12, 31)
    assert report.span(D(2024, 2, 1), D(2024, 2, 29)).key == "2024-02"
    assert report.span(D(2024, 2, 3), D(2024, 2, 29)).kind == "range"
    with pytest.raises(ValueError):
        report.ReportPeriod.parse("2024-13")


def test_the_figures_match_the_hand_count(month) -> None:
    raw = report.build(c.region_subject(month), MARCH)["raw"]
    assert (raw["projects_new"], raw["projects_completed"]) == (1, 1)
    f, ytd = raw["funds"], raw["funds_ytd"]
    assert (f.received, f.allocated, f.spent) == (Decimal(500000), Decimal(400000),
                                                  Decimal(300000))
    assert (ytd.received, ytd.allocated, ytd.spent) == (Decimal(1500000), Decimal(1000000),
                                                        Decimal(400000))
    assert ytd.execution_rate == Decimal("0.4")
    assert (raw["cadres"], raw["cadres_east_west"], raw["trained"]) == (2, 1, 60)
    assert (raw["labour"], raw["labour_poverty"]) == (2, 1)
    assert (raw["purchase"], raw["help_sell"]) == (Decimal(120000), Decimal(30000))
    # overdue at 31 March: 逾期任务 (15 Mar, open) and 迟交任务 (1 Mar, done 10 Apr)
    assert (raw["tasks_overdue"], raw["tasks_done"]) == (2, 1)
    # problems: 2 found in March, 1 cleared; due in March: both March ones and the February
    # one still open → 1 of 3
    assert (raw["problems_found"], raw["problems_cleared"], raw["problems_open"]) == (2, 1, 2)
    assert (raw["clearing_due"], raw["clearing_done"]) == (3, 1)
    assert raw["clearing_rate"] == Decimal(1) / 3
    assert raw["meetings"] == 1


def test_a_quarter_adds_up_its_months(month) -> None:
    raw = report.build(c.region_subject(month), report.ReportPeriod.parse("2024-Q1"))["raw"]
    assert raw["projects_new"] == 2
    assert raw["funds"].spent == Decimal(400000)
    assert raw["labour"] == 3


def test_a_county_sees_its_own_report_not_its_neighbours(login, month,
                                                         django_assert_max_num_queries) -> None:
    client = login("linxiashi_entry")
    url = reverse("situation:report")
    client.get(url, {"period": "2024-03"})
    with django_assert_max_num_queries(40):
        page = client.get(url, {"period": "2024-03"})
    assert page.status_code == 200
    body = page.content.decode()
    assert "临夏市逾期任务" in body and "普格" not in body.split("<main")[-1].split(
        "situation-report")[-1]
    assert client.get(url, {"period": "2024-03", "region": "513428"}).status_code == 404
    assert client.get(reverse("situation:export", args=["pdf"]),
                      {"period": "2024-03", "region": "513428"}).status_code == 404
    puge = login("puge_entry").get(url, {"period": "2024-03"})
    assert "普格县逾期任务" in puge.content.decode()
    assert "临夏市逾期任务" not in puge.content.decode()


def test_the_query_count_does_not_grow_with_rows(login, month, demo,
                                                 django_assert_max_num_queries) -> None:
    from xiezuo.situation.tests.conftest import fill

    client = login("linxiashi_entry")
    url = reverse("situation:report")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url, {"period": "2024-03"})
    with CaptureQueriesContext(connection) as few:
        client.get(url, {"period": "2024-03"})
    fill(demo, "linxia")
    with CaptureQueriesContext(connection) as many:
        client.get(url, {"period": "2024-03"})
    assert len(many) == len(few)


def test_a_pairing_report_is_scoped(login, month, demo) -> None:
    own, other = demo["pairings"]["szq-lxs"], demo["pairings"]["lmt-pg"]
    client = login("linxiashi_entry")
    page = client.get(reverse("situation:report"), {"period": "2024-03", "pairing": own.pk})
    assert page.status_code == 200 and "临夏市逾期任务" in page.content.decode()
    assert client.get(reverse("situation:report"),
                      {"period": "2024-03", "pairing": other.pk}).status_code == 404


def test_the_pdf_draws_chinese_text(login, month, tmp_path) -> None:
    import pypdfium2

    from xiezuo.assessment.tests.test_report import CJK_FONT, embedded_fonts, glyph, pdf_of

    response = login("linxiashi_entry").get(reverse("situation:export", args=["pdf"]),
                                            {"period": "2024-03"})
    assert response["Content-Type"] == "application/pdf"
    data = response.content
    assert any(CJK_FONT.search(name) for name in embedded_fonts(data))
    pdf = pypdfium2.PdfDocument(data)
    text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    assert "临夏市" in text and "情况报告" in text and "清零率" in text
    assert "临夏市逾期任务" in text and "普格" not in text
    image = pdf[0].render(scale=1).to_pil().convert("L")
    image.save(tmp_path / "page1.png")
    dark = sum(1 for v in image.tobytes() if v < 128) / (image.width * image.height)
    assert dark > 0.005
    assert glyph(pdf_of("报")) != glyph(pdf_of("告"))


def test_the_word_file_is_editable_chinese(login, month) -> None:
    from docx import Document
    from docx.oxml.ns import qn

    response = login("linxiashi_entry").get(reverse("situation:export", args=["docx"]),
                                            {"period": "2024-03"})
    doc = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "情况报告" in text and "资金" in text and "年度执行率：40.0%" in text
    cells = " ".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
    assert "临夏市逾期任务" in cells and "普格" not in cells
    assert doc.styles["Normal"].element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))
    # the Chinese font travels with the file, as in the assessment report
    package = zipfile.ZipFile(io.BytesIO(response.content))
    assert [n for n in package.namelist() if n.startswith("word/fonts/")], package.namelist()
    assert "<w:embedTrueTypeFonts/>" in package.read("word/settings.xml").decode()


def test_approving_a_period_archives_the_countys_report(login, month, demo,
                                                        django_capture_on_commit_callbacks
                                                        ) -> None:
    """Through the reporting chain itself: submitted, reviewed and approved, the approval
    sends ``period_approved`` and the county's report for the period is archived."""
    from xiezuo.reporting import actions
    from xiezuo.reporting.models import DataSet
    from xiezuo.reporting.periods import Period

    users = demo["users"]
    data_set = DataSet.objects.create(
        name="资金与消费月报", frequency="monthly", deadline_day=28,
        ledgers=["consumption.consumption", "funds.fundmovement"], start_date=D(2024, 1, 1))
    submission = actions.open_submission(data_set, month,
                                         Period.containing("monthly", D(2024, 3, 1)))
    submission = actions.submit(submission, users["linxiashi_entry"], today=D(2024, 3, 20))
    submission = actions.review(submission, users["linxia_reviewer"])
    with django_capture_on_commit_callbacks(execute=True):
        actions.approve(submission, users["gansu_approver"])
    assert not ArchivedReport.objects.exists()  # drawn by a worker, not in the approval
    run_tasks()
    archived = ArchivedReport.objects.get()
    assert (archived.region, archived.period_start, archived.period_end) == (
        month, D(2024, 3, 1), D(2024, 3, 31))
    assert archived.submission_ref == submission.pk
    assert archived.created_by == users["gansu_approver"]
    client = login("linxiashi_entry")
    page = client.get(reverse("situation:report"), {"period": "2024-03"})
    assert list(page.context["archived"]) == [archived]
    pdf = client.get(reverse("situation:archived", args=[archived.pk, "pdf"]))
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    docx = client.get(reverse("situation:archived", args=[archived.pk, "docx"]))
    assert b"".join(docx.streaming_content).startswith(b"PK")
    other = login("puge_entry")
    assert other.get(reverse("situation:archived", args=[archived.pk, "pdf"])
                     ).status_code == 404


def test_the_signal_alone_archives_with_the_documented_arguments(
        month, demo, django_capture_on_commit_callbacks) -> None:
    from xiezuo.reporting.signals import period_approved

    with django_capture_on_commit_callbacks(execute=True):
        period_approved.send(sender=None, submission=None, region=month,
                             period_start=D(2024, 1, 1), period_end=D(2024, 3, 31),
                             user=demo["users"]["national"])
    run_tasks()
    archived = ArchivedReport.objects.get()
    assert (archived.period_start, archived.submission_ref) == (D(2024, 1, 1), None)
    assert "622901-2024-Q1" in archived.pdf.name and archived.pdf.name.endswith(".pdf")
