"""A national user accepts an ingested report in the review queue, then finds the meeting,
its agreements and the attached report in the meetings ledger."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REPO = Path(__file__).resolve().parents[2]
SEED = REPO.parent / "shared" / "corpus" / "seeds" / "004_79b51d6bf456065a.txt"
FALLBACK = REPO / "xiezuo" / "news" / "tests" / "fixtures" / "reports" / (
    "044_jinan_linxia_fund_trad.txt")


def test_accept_a_report_and_find_it_in_the_ledger(signed_in, live_server, settings: Any,
                                                    tmp_path: Path) -> None:
    from xiezuo.news.models import Report

    settings.MEDIA_ROOT = tmp_path / "media"
    source = SEED if SEED.is_file() else FALLBACK
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / source.name).write_bytes(source.read_bytes())
    call_command("news", "ingest", str(folder))
    report = Report.objects.get()
    assert report.pairing is not None
    titles = [a["subject"] for a in report.record["agreements"]]

    page = signed_in("national")
    page.click("text=报道审核")
    page.click(f"#report-queue a[href$='/news/{report.pk}/']")
    page.wait_for_selector("#review-form")
    assert page.locator("#report-cleaned mark").count() > 0
    if not titles:  # the report names no agreement: the reviewer types one
        titles = ["东西部协作资金使用协议"]
        row = len(report.record["agreements"])
        page.fill(f"#id_a-{row}-title", titles[0])
        page.fill(f"#id_a-{row}-party_a", "济南市")
        page.fill(f"#id_a-{row}-party_b", "临夏州")
    page.click("#accept")
    page.wait_for_url(f"{live_server.url}/meetings/*/")
    assert report.title[:10] in page.text_content("h1")

    page.click("nav >> text=会议活动")
    page.click(f"text={report.title[:10]}")
    body = page.text_content("main") or page.content()
    for title in titles:
        assert title in body
    page.click("text=附件")
    page.wait_for_selector(f"text={source.name}")
    assert "佐证材料" in page.content()
    report.refresh_from_db()
    assert report.status == "accepted"
