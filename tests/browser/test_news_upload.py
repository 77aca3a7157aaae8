"""A prefecture's reviewer uploads a saved web page and a text file from the menu, finds the
report with its outlet, date and address, is led to the first error of the review form and
accepts the report once it is corrected."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGE = """<!DOCTYPE html>
<!-- saved from url=(0046)https://news.example.cn/2023/0512/linxia.html -->
<html><head><meta charset="utf-8"><title>济南市党政代表团赴临夏州考察_临夏新闻网</title>
<meta name="PubDate" content="2023-05-12 09:30"></head>
<body><div class="nav"><a href="/">首页</a> <a href="/news">新闻</a></div>
<h1>济南市党政代表团赴临夏州考察</h1>
<p>5月11日,济南市委书记刘强率济南市党政代表团赴临夏州考察对接东西部协作工作。</p>
<p>当天下午,济南市—临夏州东西部协作联席会议在临夏市召开。济南市历城区与临夏县签订了劳务协作协议。</p>
</body></html>"""
NOTICE = """临夏县召开劳务协作推进会
发布时间:2023-06-02
6月1日,临夏县召开东西部协作劳务协作推进会。
"""


def test_a_reviewer_uploads_pages_and_accepts_one(
    signed_in, live_server, settings: Any, tmp_path: Path
) -> None:
    from xiezuo.meetings.models import Meeting
    from xiezuo.news.models import Report

    settings.MEDIA_ROOT = tmp_path / "media"
    page = signed_in("linxia_reviewer")
    page.click("nav >> text=上传报道")
    page.set_input_files("#id_files", [
        {"name": "linxia.html", "mimeType": "text/html", "buffer": PAGE.encode()},
        {"name": "notice.txt", "mimeType": "text/plain", "buffer": NOTICE.encode()},
    ])
    page.click("#upload")
    page.wait_for_url(f"{live_server.url}/news/")
    assert "已导入 2 篇" in (page.text_content(".messages") or "")

    report = Report.objects.get(file_name="linxia.html")
    page.click(f"#report-queue a[href$='/news/{report.pk}/']")
    page.wait_for_selector("#review-form")
    assert page.text_content("#report-outlet") == "临夏新闻网"
    assert "2023年5月12日" in (page.text_content("#report-published") or "")
    assert page.get_attribute("#report-url a", "href") == (
        "https://news.example.cn/2023/0512/linxia.html")

    # a mistake the browser cannot see: an agreement row begun and left without its parties
    rows = page.locator("#review-agreements tbody tr")
    row = rows.count() - 1  # the empty row left for a new agreement
    page.fill(f"#id_a-{row}-title", "补充协议")
    page.click("#accept")
    page.wait_for_selector("#review-first-error")
    note = page.text_content("#review-first-error") or ""
    assert "签约协议" in note and f"第 {row + 1} 行" in note
    assert page.evaluate("document.activeElement.id") == f"id_a-{row}-party_a"
    box = page.locator(f"#id_a-{row}-party_a").bounding_box()
    assert box is not None and 0 <= box["y"] <= 768  # brought into view

    page.fill(f"#id_a-{row}-party_a", "济南市历城区")
    page.fill(f"#id_a-{row}-party_b", "临夏县")
    page.click("#accept")
    page.wait_for_url(f"{live_server.url}/meetings/*/")
    meeting = Meeting.objects.get()
    source = meeting.sources.get()
    assert (source.publisher, source.url) == (
        "临夏新闻网", "https://news.example.cn/2023/0512/linxia.html")


def test_the_upload_page_fits_a_phone(signed_in, live_server) -> None:
    page = signed_in("linxia_reviewer")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/news/upload/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    assert page.is_visible("#id_text") and page.is_visible("#upload")
