"""The IATI export: valid against the vendored 2.03 schema, the same in XML and JSON, scoped
to the user, flat in queries, and free of personal data."""

import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from lxml import etree

from xiezuo.consumption.models import Consumption
from xiezuo.funds.models import FundMovement, MovementType
from xiezuo.labour.models import LabourRecord
from xiezuo.labour.tests.conftest import new_id
from xiezuo.ledgers.models import ReportingSide
from xiezuo.ledgers.testing import county
from xiezuo.opendata import iati
from xiezuo.opendata.validate import errors
from xiezuo.people.models import Cadre, CadreType
from xiezuo.projects.models import Project, Sector, Status, Transition
from xiezuo.regions.models import Region

pytestmark = pytest.mark.django_db
NS = {"xz": iati.XZ}
XML_URL = "/opendata/iati.xml"
JSON_URL = "/opendata/iati.json"


def _project(pairing, region, name, year=2024, **extra):
    return Project.objects.create(pairing=pairing, region=region, year=year, name=name,
                                  sector=Sector.objects.get(code="industry"),
                                  budget_fiscal=Decimal("800000"), **extra)


def _move(project, kind, amount, day, side=ReportingSide.RECIPIENT):
    return FundMovement.objects.create(
        pairing=project.pairing, region=project.region, year=day.year, date=day, type=kind,
        amount=Decimal(amount), reported_by=side, project=project)


@pytest.fixture
def linxia(demo):
    """临夏市: one project under construction with its money, a cadre, a labourer and a
    purchase of the pairing — the personal data in the two people records."""
    pairing, region = county(demo, "linxia")
    project = _project(pairing, region, "折桥镇冷链仓储", township="折桥镇", village="团结村",
                       budget_social=Decimal("200000"), status=Status.BUILDING,
                       planned_start=dt.date(2024, 3, 1), planned_finish=dt.date(2024, 11, 30),
                       content="冷库 2000 吨，联系人 13912345678，身份证 622901199001011234",
                       jobs_created=25, beneficiaries=300, beneficiaries_poverty=120)
    Transition.objects.create(project=project, from_status=Status.APPROVED,
                              to_status=Status.BUILDING, date=dt.date(2024, 4, 2))
    _move(project, MovementType.ALLOCATION, "800000", dt.date(2024, 3, 1))
    _move(project, MovementType.SPENDING, "300000", dt.date(2024, 5, 1))
    _move(project, MovementType.RETURN, "50000", dt.date(2024, 9, 1))
    cadre_id, labour_id = new_id(), new_id()
    Cadre.objects.create(pairing=pairing, region=region, name="欧阳建国", id_number=cadre_id,
                         phone="13800138000", type=CadreType.PARTY_GOVERNMENT,
                         home_unit="济南市市中区", host_unit="临夏市",
                         start_date=dt.date(2024, 2, 1))
    LabourRecord.objects.create(
        pairing=pairing, region=region, year=2024, name="马小梅", id_number=labour_id,
        phone="13700137000", village="折桥镇团结村", status="poverty", destination="donor",
        employer="济南某食品有限公司", start_date=dt.date(2024, 3, 1), organised=True)
    Consumption.objects.create(
        pairing=pairing, region=region, date=dt.date(2024, 6, 1), kind="purchase",
        buyer_type="government", buyer="济南市机关食堂", channel="canteen", category="agri",
        product="临夏牛肉", amount=Decimal("150000"))
    return {"project": project, "personal": ["欧阳建国", "马小梅", cadre_id, labour_id,
                                             "13800138000", "13700137000",
                                             "13912345678", "622901199001011234"]}


@pytest.fixture
def puge(demo):
    pairing, region = county(demo, "puge")
    return _project(pairing, region, "普基镇核桃基地")


def _xml(client):
    response = client.get(XML_URL)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/xml")
    return b"".join(response.streaming_content)


def _json(client, params=None):
    response = client.get(JSON_URL, params or {})
    assert response.status_code == 200, response.status_code
    return json.loads(b"".join(response.streaming_content))


def test_it_is_valid_iati_2_03(login, linxia, puge) -> None:
    body = _xml(login("national"))
    assert errors(body) == []
    root = etree.fromstring(body)
    assert root.get("version") == "2.03"
    assert len(root.findall("iati-activity")) == 2


def test_an_invalid_document_fails_the_schema(login, linxia) -> None:
    root = etree.fromstring(_xml(login("national")))
    activity = root.find("iati-activity")
    activity.remove(activity.find("reporting-org"))  # required, and the order is fixed
    bad = etree.tostring(root)
    found = errors(bad)
    assert found and any("reporting-org" in e or "title" in e for e in found), found
    assert errors(b"<iati-activities version='2.03'/>")  # at least one activity
    assert errors(b"<iati-activities") and errors(b"<iati-activities")[0].startswith("line")


def test_the_mapping(login, linxia) -> None:
    project = linxia["project"]
    root = etree.fromstring(_xml(login("national")))
    a = root.find("iati-activity")
    assert a.findtext("iati-identifier") == f"XZ-PLACEHOLDER-P{project.pk}"
    assert a.find("title/narrative").text == "折桥镇冷链仓储"
    assert a.find("title/narrative").get("{http://www.w3.org/XML/1998/namespace}lang") == "zh"
    assert a.find("activity-status").get("code") == "2"
    assert {(d.get("type"), d.get("iso-date")) for d in a.findall("activity-date")} == {
        ("1", "2024-03-01"), ("2", "2024-04-02"), ("3", "2024-11-30")}
    roles = [(o.get("role"), o.findtext("narrative")) for o in a.findall("participating-org")]
    assert ("1", "济南市市中区") in roles or ("1", project.pairing.donor_name) in roles
    assert ("4", "临夏市") in roles
    assert a.find("recipient-country").get("code") == "CN"
    assert a.find("location").get("ref") == "622901"
    assert a.find("location/name/narrative").text == "临夏市"
    sectors = {(s.get("vocabulary"), s.get("code")) for s in a.findall("sector")}
    assert sectors == {("99", "industry"), ("2", "321")}
    budget = a.find("budget")
    assert budget.find("value").text == "1000000.00"
    assert budget.find("period-start").get("iso-date") == "2024-01-01"
    tx = [(t.find("transaction-type").get("code"), t.findtext("value"))
          for t in a.findall("transaction")]
    assert tx == [("2", "800000.00"), ("4", "300000.00"), ("2", "-50000.00")]
    ext = a.find("xz:project", NS)
    assert ext.get("pairing") == str(project.pairing_id) and ext.get("status") == "building"
    lines = {b.get("source"): b.text for b in ext.findall("xz:budget-line", NS)}
    assert lines["fiscal"] == "800000.00" and lines["social"] == "200000.00"
    assert ext.find("xz:benefit", NS).get("jobs-created") == "25"
    pairing = root.find("xz:pairing", NS)
    assert pairing.get("id") == str(project.pairing_id)
    figures = pairing.find("xz:figures", NS)
    assert figures.get("year") == "2024" and figures.get("cadres") == "1"
    assert figures.get("labour-persons") == "1"
    assert figures.get("consumption-purchase") == "150000.00"


def test_json_carries_the_same_activities(login, linxia, puge) -> None:
    client = login("national")
    root = etree.fromstring(_xml(client))
    data = _json(client)
    assert data["version"] == "2.03" and data["extension-namespace"] == iati.XZ
    by_id = {a["iati-identifier"]: a for a in data["activities"]}
    assert set(by_id) == {a.findtext("iati-identifier") for a in root.findall("iati-activity")}
    for a in root.findall("iati-activity"):
        j = by_id[a.findtext("iati-identifier")]
        assert j["title"] == a.findtext("title/narrative")
        assert [t["value"] for t in j["transaction"]] == [
            t.findtext("value") for t in a.findall("transaction")]
        assert j["activity-status"] == a.find("activity-status").get("code")
    assert [p["id"] for p in data["pairings"]] == [
        int(p.get("id")) for p in root.findall("xz:pairing", NS)]


def test_no_personal_data_leaves(login, linxia) -> None:
    client = login("national")  # may see personal data on the pages: open data still not
    for body in (_xml(client).decode(), json.dumps(_json(client), ensure_ascii=False)):
        for secret in linxia["personal"]:
            assert secret not in body, secret
        assert "139****5678" in body  # free text keeps its sense, numbers masked


def test_a_county_user_exports_only_its_own(login, linxia, puge) -> None:
    client = login("puge_entry")
    root = etree.fromstring(_xml(client))
    titles = [a.findtext("title/narrative") for a in root.findall("iati-activity")]
    assert titles == ["普基镇核桃基地"]
    assert [int(p.get("id")) for p in root.findall("xz:pairing", NS)] == [puge.pairing_id]
    assert [a["title"] for a in _json(client)["activities"]] == ["普基镇核桃基地"]
    # another county's pairing cannot be asked for
    response = client.get(JSON_URL, {"pairing": linxia["project"].pairing_id})
    assert response.status_code == 400


def test_the_filters(login, linxia, puge) -> None:
    client = login("national")
    assert [a["title"] for a in _json(client, {"region": "513428"})["activities"]] == [
        "普基镇核桃基地"]
    assert _json(client, {"year": 2023})["activities"] == []
    response = client.get(XML_URL, {"region": "不存在的县"})
    assert response.status_code == 400 and "地区" in response.content.decode()


def test_queries_are_per_chunk_not_per_project(login, demo, linxia, monkeypatch,
                                               django_assert_num_queries) -> None:
    pairing, region = county(demo, "linxia")
    for i in range(11):
        p = _project(pairing, region, f"项目{i}")
        _move(p, MovementType.ALLOCATION, "1000", dt.date(2024, 3, 1))
    monkeypatch.setattr(iati, "CHUNK", 5)
    client = login("national")
    # the session and the user, whether there is a project at all, 12 projects in chunks
    # of 5: 3 × (projects, movements, transitions), then the pairing figures (cadres,
    # trainings, labour ×2, consumption, pairings)
    with django_assert_num_queries(2 + 1 + 3 * 3 + 6) as ctx:
        assert len(etree.fromstring(_xml(client)).findall("iati-activity")) == 12
    request_queries = len(ctx.captured_queries)
    for i in range(10):
        _project(pairing, region, f"又一个项目{i}")
    with django_assert_num_queries(request_queries + 2 * 3):  # two more chunks
        assert len(etree.fromstring(_xml(client)).findall("iati-activity")) == 22


def test_the_page(login, linxia, puge) -> None:
    client = login("puge_entry")
    html = client.get("/opendata/").content.decode()
    assert "开放数据" in html and 'id="download-xml"' in html and 'id="download-json"' in html
    assert "符合条件的项目：1 个" in html
    html = client.get("/opendata/", {"year": 2024}).content.decode()
    assert "/opendata/iati.xml?year=2024" in html
    assert client.get("/opendata/iati.csv").status_code == 404


def test_the_command(linxia, puge) -> None:
    out = io.StringIO()
    call_command("opendata", "iati", stdout=out)
    assert errors(out.getvalue().encode()) == []
    assert out.getvalue().count("<iati-activity ") == 2
    out = io.StringIO()
    call_command("opendata", "iati", "--format", "json", "--region", "622901", stdout=out)
    assert [a["title"] for a in json.loads(out.getvalue())["activities"]] == ["折桥镇冷链仓储"]
    out = io.StringIO()
    call_command("opendata", "iati", "--format", "json", "--user", "puge_entry", stdout=out)
    assert [a["title"] for a in json.loads(out.getvalue())["activities"]] == ["普基镇核桃基地"]
    with pytest.raises(CommandError, match="region"):
        call_command("opendata", "iati", "--region", "不存在的县", stdout=io.StringIO())


def test_nothing_to_publish_is_said_not_written_as_an_invalid_file(login, linxia, puge) -> None:
    """IATI requires one activity at least: no file that the schema would refuse."""
    client = login("puge_entry")
    html = client.get("/opendata/", {"year": 2019}).content.decode()
    assert "符合条件的项目：0 个" in html and 'id="opendata-empty"' in html
    assert 'id="download-xml"' not in html
    response = client.get(XML_URL, {"year": 2019})
    assert response.status_code == 400
    assert "至少要有一个活动" in response.content.decode()
    assert _json(client, {"year": 2019})["activities"] == []  # JSON may be empty
    with pytest.raises(CommandError, match="至少要有一个活动"):
        call_command("opendata", "iati", "--year", "2019", stdout=io.StringIO())


def test_the_whole_demo_is_valid(login, demo) -> None:
    from xiezuo.funds.demo import load

    load()
    body = _xml(login("national"))
    assert errors(body) == []
    assert len(etree.fromstring(body).findall("iati-activity")) == Project.objects.count()
    assert Region.objects.filter(code="622901").exists()
