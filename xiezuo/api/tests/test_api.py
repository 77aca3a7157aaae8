"""The JSON API: tokens, scoping, masking, pagination and the OpenAPI document."""

import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command

from xiezuo.api.api import LEDGERS, MAX_PAGE_SIZE, slug
from xiezuo.api.models import ApiToken, digest
from xiezuo.labour.ledger import LabourRecordLedger
from xiezuo.labour.models import LabourRecord
from xiezuo.labour.tests.conftest import new_id
from xiezuo.ledgers.testing import county
from xiezuo.projects.models import Project, Sector
from xiezuo.regions.models import Region

pytestmark = pytest.mark.django_db
PROJECTS = "/api/v1/ledgers/projects/"


def _project(demo, key, code, name):
    return Project.objects.create(
        pairing=demo["pairings"][key], region=Region.objects.get(code=code, valid_to__isnull=True),
        year=2024, name=name, sector=Sector.objects.get(code="industry"),
        budget_fiscal=Decimal("500000.50"))


@pytest.fixture
def two_counties(demo):
    return {"puge": _project(demo, "lmt-pg", "513428", "普基镇核桃基地"),
            "linxia": _project(demo, "szq-lxs", "622901", "折桥镇冷链仓储")}


DATA_URLS = ["/api/v1/regions/", "/api/v1/pairings/", "/api/v1/pairings/1",
             "/api/v1/indicators/", "/api/v1/ledgers/", PROJECTS, PROJECTS + "1"]


@pytest.mark.parametrize("path", DATA_URLS)
def test_no_token_or_a_bad_one_answers_401(client, demo, path) -> None:
    assert client.get(path).status_code == 401
    assert client.get(path, headers={"Authorization": "Bearer nope"}).status_code == 401
    assert client.get(path, headers={"Authorization": "Token x"}).status_code == 401


def test_an_inactive_users_token_answers_401(client, demo, bearer) -> None:
    headers = bearer("puge_entry")
    assert client.get("/api/v1/regions/", headers=headers).status_code == 200
    user = demo["users"]["puge_entry"]
    user.is_active = False
    user.save()
    assert client.get("/api/v1/regions/", headers=headers).status_code == 401


def test_the_key_is_stored_only_as_its_digest_and_the_command_prints_it(demo) -> None:
    out = io.StringIO()
    call_command("apitoken", "puge_entry", "--name", "报表", stdout=out)
    key = out.getvalue().strip()
    token = ApiToken.objects.get(name="报表")
    assert token.key_hash == digest(key) and key not in (token.key_hash, token.prefix)
    assert ApiToken.find(key) == token


def test_a_county_token_sees_only_its_own_projects(client, two_counties, bearer) -> None:
    headers = bearer("puge_entry")
    data = client.get(PROJECTS, headers=headers).json()
    assert data["count"] == 1
    assert [r["name"] for r in data["results"]] == ["普基镇核桃基地"]
    row = data["results"][0]
    assert isinstance(row["budget_total"], str) and Decimal(row["budget_total"])
    json.dumps(data)
    linxia = two_counties["linxia"].pk
    assert client.get(f"{PROJECTS}{linxia}", headers=headers).status_code == 404
    puge = two_counties["puge"].pk
    assert client.get(f"{PROJECTS}{puge}", headers=headers).json()["id"] == puge


def test_ledger_filters_are_the_pages(client, two_counties, bearer) -> None:
    headers = bearer("national")
    assert client.get(PROJECTS, headers=headers).json()["count"] == 2
    names = {r["name"] for r in client.get(PROJECTS, {"q": "折桥"}, headers=headers).json()[
        "results"]}
    assert names == {"折桥镇冷链仓储"}


def test_a_county_token_sees_only_its_pairing(client, demo, bearer) -> None:
    data = client.get("/api/v1/pairings/", headers=bearer("linxiashi_entry")).json()
    assert data["count"] == 1
    assert data["results"][0]["recipient"] == "临夏市"
    other = demo["pairings"]["lmt-pg"].pk
    assert client.get(f"/api/v1/pairings/{other}",
                      headers=bearer("linxiashi_entry")).status_code == 404
    assert client.get("/api/v1/pairings/", headers=bearer("national")).json()["count"] > 1


def test_personal_data_is_masked_without_the_right(client, demo, bearer) -> None:
    pairing, region = county(demo, "linxia")
    id_number = new_id()
    LabourRecord.objects.create(
        pairing=pairing, region=region, year=2024, name="马小梅", id_number=id_number,
        village="折桥镇团结村", status="poverty", destination="donor",
        employer="济南某食品有限公司", start_date=dt.date(2024, 3, 1),
        monthly_income=Decimal("4200"), organised=True)
    path = f"/api/v1/ledgers/{slug(LabourRecordLedger)}/"
    hidden = client.get(path, headers=bearer("linxiashi_entry"))
    assert hidden.status_code == 200 and hidden.json()["count"] == 1
    assert id_number not in hidden.content.decode()
    assert id_number[:4] in hidden.content.decode()
    full = client.get(path, headers=bearer("national"))
    assert id_number in full.content.decode()


def test_page_size_is_clamped(client, demo, bearer) -> None:
    data = client.get("/api/v1/regions/", {"page_size": 100_000, "page": 1},
                      headers=bearer("puge_entry")).json()
    assert data["page_size"] == MAX_PAGE_SIZE == len(data["results"])
    assert data["count"] > MAX_PAGE_SIZE
    two = client.get("/api/v1/regions/", {"page_size": 3, "page": 2, "level": "province"},
                     headers=bearer("puge_entry")).json()
    assert two["page"] == 2 and len(two["results"]) == 3
    assert all(r["level"] == "province" for r in two["results"])


def test_every_ledger_has_an_endpoint_and_the_openapi_document_lists_them(
        client, demo, bearer) -> None:
    assert len(LEDGERS) >= 15
    response = client.get("/api/v1/openapi.json", headers=bearer("puge_entry"))
    assert response.status_code == 200
    doc = response.json()
    assert doc["openapi"].startswith("3.")
    paths = set(doc["paths"])
    assert {"/api/v1/regions/", "/api/v1/pairings/", "/api/v1/pairings/{id}",
            "/api/v1/indicators/", PROJECTS, PROJECTS + "{id}"} <= paths
    for ledger in LEDGERS:
        assert f"/api/v1/ledgers/{slug(ledger)}/" in paths
        ok = client.get(f"/api/v1/ledgers/{slug(ledger)}/", headers=bearer("national"))
        assert ok.status_code == 200, (ledger, ok.content)


def test_the_docs_are_served_without_a_cdn(client, login) -> None:
    client = login("puge_entry")
    html = client.get("/api/v1/docs").content.decode()
    assert "cdn" not in html.lower() and "/static/ninja/" in html
    assert client.get("/api/v1/openapi.json").status_code == 200


def test_the_docs_ask_anonymous_visitors_to_log_in(client, demo) -> None:
    for path in ("/api/v1/docs", "/api/v1/openapi.json"):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith(
            "/accounts/login/")


def test_the_indicator_catalogue_is_listed(client, demo, bearer) -> None:
    data = client.get("/api/v1/indicators/", headers=bearer("puge_entry")).json()
    assert data["count"] > 0 and data["results"][0]["code"]


def test_every_endpoint_exempt_from_the_login_redirect_answers_401(client, demo) -> None:
    from django.urls import NoReverseMatch, reverse

    from xiezuo.api.urls import TOKEN_ONLY

    assert len(TOKEN_ONLY) >= 2 * len(LEDGERS) + 4
    for name in TOKEN_ONLY:
        try:
            path = reverse(name)
        except NoReverseMatch:
            path = reverse(name, kwargs={"id": 1})
        # a list answers GET, a search (personal data in the body) or a write POST, a
        # record DELETE as well: whatever the method, the answer is 401 or 405
        answers = {client.get(path).status_code, client.post(path).status_code,
                   client.delete(path).status_code}
        assert 401 in answers and answers <= {401, 405}, (name, path, answers)


def test_an_unknown_region_is_a_400_not_a_500(client, demo, bearer) -> None:
    response = client.get(PROJECTS, {"region": "0"}, headers=bearer("national"))
    assert response.status_code == 400 and "region" in response.json()["detail"]
