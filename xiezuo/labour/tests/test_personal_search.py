"""Personal data never in a URL or a log: a search by ID number or phone is posted and
travels on as a keyed token; a raw number in a URL is refused; the API searches by a posted
body; gunicorn's access log and Django's request log hold no ID number or phone."""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
from django.urls import reverse

from xiezuo.core.personal import search_token
from xiezuo.labour.ledger import LabourRecordLedger
from xiezuo.labour.models import LabourRecord
from xiezuo.labour.tests.conftest import new_id
from xiezuo.labour.tests.test_rules import person
from xiezuo.ledgers.testing import url

pytestmark = pytest.mark.django_db

ID_NUMBER = re.compile(r"\d{17}[\dX]")
MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


@pytest.fixture
def record(login):
    """A labourer entered through the form by 临夏市."""
    r = login("linxiashi_entry").post(url(LabourRecordLedger, "create"),
                                      person(id_number=new_id(), phone="13912345678"))
    assert r.status_code == 302, r.context["form"].errors
    return LabourRecord.objects.get()


def _search(client, text):
    return client.post(reverse("core:search"), {"target": url(LabourRecordLedger, "list"),
                                               "q": text, "year": "2024"})


def test_a_search_by_id_number_is_posted_and_leaves_no_number_in_the_url(login, record) -> None:
    client = login("jinan_admin")
    r = _search(client, record.id_number)
    location = r["Location"]
    assert r.status_code == 302 and record.id_number not in location
    assert search_token(record.id_number) in location and "year=2024" in location
    page = client.get(location)
    assert list(page.context["page"].object_list) == [record]
    # a name travels as it is
    name = urllib.parse.quote("马小梅")
    assert _search(client, "马小梅")["Location"].endswith(f"?q={name}&year=2024")


def test_a_raw_number_in_a_url_is_refused(login, record) -> None:
    client = login("jinan_admin")
    r = client.get(url(LabourRecordLedger, "list"), {"q": record.id_number})
    assert list(r.context["page"].object_list) == []
    assert "不要写在网址中" in r.content.decode()


def test_an_unknown_token_asks_to_search_again(login, record) -> None:
    r = login("jinan_admin").get(url(LabourRecordLedger, "list"), {"q": "pd-0123456789abcdef"})
    assert list(r.context["page"].object_list) == [] and "已失效" in r.content.decode()


def test_the_api_searches_by_a_posted_body_only(record, demo) -> None:
    import json

    from django.test import Client

    from xiezuo.api.models import ApiToken

    _token, key = ApiToken.issue(demo["users"]["jinan_admin"], "test")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    base = "/api/v1/ledgers/labour-people/"
    assert client.get(base, {"q": record.id_number}).status_code == 400
    r = client.post(base + "search/", json.dumps({"q": record.id_number}),
                    content_type="application/json")
    assert r.status_code == 200 and [row["id"] for row in r.json()["results"]] == [record.pk]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.django_db(transaction=True)
def test_the_access_log_holds_no_id_number_or_phone(tmp_path: Path) -> None:
    """A real gunicorn started by ``xiezuo serve`` on its own SQLite database: sign in,
    search by ID number, open a URL with a raw ID number and a phone in it (a user typing
    it), hit a missing page with a phone in its path; neither gunicorn's access log nor
    Django's request log shows a number."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("XIEZUO_")}
    # XIEZUO_DEBUG serves static files without collectstatic's manifest (not needed here)
    env.update({"XIEZUO_VAR_DIR": str(tmp_path), "XIEZUO_LOG_LEVEL": "INFO",
                "XIEZUO_DEBUG": "1", "DJANGO_SETTINGS_MODULE": "xiezuo.settings"})
    cli = [sys.executable, "-m", "xiezuo.cli"]
    subprocess.run([*cli, "migrate", "-v0"], env=env, check=True, capture_output=True)
    subprocess.run([*cli, "shell", "-c",
                    "from xiezuo.accounts.models import User; "
                    "User.objects.create_superuser('auditor', '', 'Audit-Pass-2026', "
                    "role='national_admin', may_see_personal_data=True)"],
                   env=env, check=True, capture_output=True)
    port = _free_port()
    log = (tmp_path / "server.log").open("w")
    server = subprocess.Popen([*cli, "serve", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
                              env=env, stdout=log, stderr=subprocess.STDOUT)
    id_number, phone = "622999198305170604", "13912345678"
    try:
        base = f"http://127.0.0.1:{port}"
        jar = CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        for _ in range(100):
            try:
                opener.open(f"{base}/accounts/login/", timeout=5).read()
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail((tmp_path / "server.log").read_text()[-3000:])

        def post(path: str, data: dict[str, str]) -> str:
            token = next(c.value for c in jar if c.name == "csrftoken")
            body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode()
            req = urllib.request.Request(base + path, body, headers={"Referer": base + path})
            return opener.open(req, timeout=10).read().decode()

        post("/accounts/login/", {"username": "auditor", "password": "Audit-Pass-2026"})
        post("/search/", {"target": "/labour/people/", "q": id_number})
        post("/search/", {"target": "/labour/people/", "q": phone})
        for raw in (f"/labour/people/?q={id_number}", f"/labour/people/?q={phone}",
                    f"/no-such-page/{phone}/"):
            try:
                opener.open(base + raw, timeout=10).read()
            except urllib.error.HTTPError:
                pass
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()
    text = (tmp_path / "server.log").read_text()
    assert '"POST /search/' in text and "/labour/people/?q=pd-" in text  # the log works
    assert "Not Found" in text  # Django's request log too
    assert not ID_NUMBER.search(text), ID_NUMBER.search(text)
    assert not MOBILE.search(text), MOBILE.search(text)
