"""Bringing reports in: files of every kind the reader takes, a pasted text, who may."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from xiezuo.news.models import Report
from xiezuo.news.tests.test_queue import LINXIA, PUGE
from xiezuo.news.tests.test_sources import PAGE

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def _nav(client: Any) -> str:
    return client.get(reverse("news:queue")).content.decode()


def test_it_reads_many_files_of_every_kind_at_once(login, demo) -> None:
    client = login("national")
    files = [
        SimpleUploadedFile("puge.txt", PUGE.encode("gb18030"), "text/plain"),
        SimpleUploadedFile("linxia.html", PAGE.encode("gb18030"), "text/html"),
        SimpleUploadedFile("table.xlsx", b"PK", "application/octet-stream"),
    ]
    response = client.post(reverse("news:upload"), {"files": files}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("news:queue")
    body = response.content.decode()
    assert "已导入 2 篇" in body and "table.xlsx（不支持的文件类型）" in body
    page = Report.objects.get(file_name="linxia.html")
    assert (page.title, page.outlet, page.published_on) == (
        "济南市党政代表团赴临夏州考察", "某某新闻网", date(2023, 5, 12))
    assert page.url == "https://news.example.cn/2023/0512/c1001-123456.html"
    assert page.region is not None and page.region.code == "622900"
    puge = Report.objects.get(file_name="puge.txt")
    assert puge.published_on == date(2022, 9, 20) and puge.event_date == date(2022, 9, 19)


def test_a_pasted_text_goes_in_with_what_the_reviewer_says_of_it(login, demo) -> None:
    client = login("national")
    response = client.post(reverse("news:upload"), {
        "text": LINXIA, "outlet": "临夏日报", "published_on": "2023-05-12",
        "url": "https://example.cn/linxia.html",
    })
    report = Report.objects.get()
    assert response.status_code == 302 and response.url == report.get_absolute_url()
    assert report.title.startswith("济南市党政代表团")  # from the text: none was given
    assert (report.outlet, report.published_on, report.url) == (
        "临夏日报", date(2023, 5, 12), "https://example.cn/linxia.html")
    review = client.get(report.get_absolute_url()).content.decode()
    assert "临夏日报" in review and "https://example.cn/linxia.html" in review
    # the same text again is the same report
    client.post(reverse("news:upload"), {"text": LINXIA})
    assert Report.objects.count() == 1


def test_an_empty_submission_says_what_is_missing(login, demo) -> None:
    response = login("national").post(reverse("news:upload"), {"text": "  "})
    assert response.status_code == 200
    assert "请选择报道文件，或粘贴报道正文。" in response.content.decode()


def test_a_prefecture_reviewer_sees_the_menu_and_may_upload(login, demo) -> None:
    client = login("linxia_reviewer")
    assert reverse("news:upload") in _nav(client)
    assert client.get(reverse("news:upload")).status_code == 200
    response = client.post(reverse("news:upload"), {"text": LINXIA})
    assert response.status_code == 302
    assert Report.objects.filter(region__code="622900").exists()


def test_a_viewer_neither_sees_the_menu_nor_may_upload(login, demo) -> None:
    client = login("gansu_viewer")
    assert reverse("news:upload") not in _nav(client)
    assert client.get(reverse("news:upload")).status_code == 403
    assert client.post(reverse("news:upload"), {"text": LINXIA}).status_code == 403
    assert not Report.objects.exists()


def test_a_pasted_text_without_a_title_is_named_in_the_users_language(login, demo) -> None:
    client = login("national")
    client.post(reverse("news:upload"), {"text": LINXIA})
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the language switch's choice
    client.post(reverse("news:upload"), {"text": PUGE})
    names = set(Report.objects.values_list("file_name", flat=True))
    assert names == {"粘贴的报道.txt", "Pasted report.txt"}  # the name is in the catalogue
