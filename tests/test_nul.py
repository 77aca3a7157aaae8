"""A NUL character from outside: PostgreSQL can neither store nor compare one, so it is
refused at the door (request parameters, form fields, the API's JSON) or dropped where a file
is read (a report's text), never a server error. Runs on both databases."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from xiezuo.regions.models import Region

pytestmark = pytest.mark.django_db


def test_request_parameters_and_form_fields_with_a_nul_answer_400(login) -> None:
    client = login("national")
    assert client.get(reverse("news:queue"), {"region": "临夏\x00"}).status_code == 400
    assert client.get(reverse("news:queue"), {"q\x00": "x"}).status_code == 400
    answer = client.post(reverse("news:upload"), {"title": "东西部协作\x00"})
    assert answer.status_code == 400 and "NUL" in answer.content.decode()


def test_the_apis_json_with_a_nul_answers_400(client, demo, bearer) -> None:
    answer = client.post("/api/v1/ledgers/consumption/bulk", data=json.dumps([{"region": "\x00"}]),
                         content_type="application/json", headers=bearer("national"))
    assert answer.status_code == 400 and "NUL" in answer.json()["detail"]


def test_a_region_name_with_a_nul_is_found_nowhere(regions) -> None:
    assert not Region.objects.lookup("临夏市\x00").exists()


def test_a_report_file_with_nuls_is_read_without_them(login) -> None:
    from xiezuo.news.models import Report

    client = login("national")
    text = "临夏市\x00东西部协作\x00消费帮扶 120 万元。".encode() * 3
    client.post(reverse("news:upload"), {"files": SimpleUploadedFile("a\x00b.html", b"<p>" + text
                                                                     + b"</p>")})
    report = Report.objects.get()
    assert "\x00" not in report.original_text + report.cleaned_text + report.file_name
