"""Project and fund pages seen by personas; bad input; export; attachments."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from xiezuo.core.models import Attachment
from xiezuo.funds.models import FundMovement
from xiezuo.projects.models import Project, Sector
from xiezuo.regions.models import Region

pytestmark = pytest.mark.django_db


def _project(demo, key, code, name, **extra):
    return Project.objects.create(pairing=demo["pairings"][key], region=Region.objects.get(
        code=code), year=2024, name=name, sector=Sector.objects.get(code="industry"), **extra)


@pytest.fixture
def two_counties(demo):
    puge = _project(demo, "lmt-pg", "513428", "普基镇核桃基地", budget_fiscal=Decimal("500000"))
    linxia = _project(demo, "szq-lxs", "622901", "折桥镇冷链仓储", budget_fiscal=Decimal("300000"))
    for p in (puge, linxia):
        FundMovement.objects.create(pairing=p.pairing, region=p.region, year=2024,
                                    date=dt.date(2024, 5, 1), type="allocation",
                                    amount=p.budget_fiscal, reported_by="recipient", project=p)
    return {"puge": puge, "linxia": linxia}


def test_a_county_sees_only_its_own_projects_and_flows(login, two_counties) -> None:
    client = login("linxiashi_entry")
    names = [p.name for p in client.get(reverse("projects:list")).context["page"]]
    assert names == ["折桥镇冷链仓储"]
    flows = client.get(reverse("funds:list")).context["page"].object_list
    assert {m.project.name for m in flows} == {"折桥镇冷链仓储"}
    puge = two_counties["puge"]
    assert client.get(reverse("projects:detail", args=[puge.pk])).status_code == 404
    assert client.get(reverse("projects:edit", args=[puge.pk])).status_code == 404
    assert client.post(reverse("projects:delete", args=[puge.pk])).status_code == 404
    assert Project.objects.filter(pk=puge.pk).exists()
    export = b"".join(client.get(reverse("projects:export", args=["csv"])).streaming_content)
    assert "普基镇" not in export.decode("utf-8-sig")


def test_a_county_cannot_record_a_project_in_another_county(login, demo) -> None:
    client = login("linxiashi_entry")
    r = client.post(reverse("projects:create"), {
        "year": 2024, "region": "普格县", "name": "越界项目", "sector": _sector(),
        "budget_fiscal_0": "10", "budget_fiscal_1": "wan"})
    assert r.status_code == 200
    assert not Project.objects.filter(name="越界项目").exists()
    errors = r.context["form"].errors
    assert "没有有效的结对" in str(errors.get("region")) or "数据范围" in str(errors)


def _sector():
    return Sector.objects.get(code="industry").pk


def test_the_donor_office_sees_its_recipients_projects(login, two_counties) -> None:
    client = login("jinan_admin")
    names = {p.name for p in client.get(reverse("projects:list")).context["page"]}
    assert names == {"折桥镇冷链仓储"}


def test_create_with_bad_input_explains_and_saves_nothing(login, demo) -> None:
    client = login("puge_entry")
    r = client.post(reverse("projects:create"), {
        "year": 2024, "region": "普格县", "name": "", "sector": _sector(),
        "budget_fiscal_0": "12.3456789", "budget_fiscal_1": "wan",
        "planned_start": "2024-06-01", "planned_finish": "2024-03-01",
        "beneficiaries": "10", "beneficiaries_poverty": "20"})
    errors = r.context["form"].errors
    assert "name" in errors
    assert "精确到分" in errors["budget_fiscal"][0]
    r = client.post(reverse("projects:create"), {
        "year": 2024, "region": "普格县", "name": "特尔果乡光伏", "sector": _sector(),
        "budget_fiscal_0": "12", "budget_fiscal_1": "wan",
        "planned_start": "2024-06-01", "planned_finish": "2024-03-01",
        "beneficiaries": "10", "beneficiaries_poverty": "20"})
    errors = r.context["form"].errors
    assert "planned_finish" in errors and "beneficiaries_poverty" in errors
    r = client.post(reverse("projects:create"), {
        "year": 2012, "region": "普格县", "name": "太早的项目", "sector": _sector()})
    assert "没有有效的结对" in str(r.context["form"].errors["region"])
    assert not Project.objects.exists()


def test_create_finds_the_pairing_and_records_money_exactly(login, demo) -> None:
    client = login("puge_entry")
    r = client.post(reverse("projects:create"), {
        "year": 2024, "region": "普格縣", "name": "特尔果乡光伏", "sector": _sector(),
        "budget_fiscal_0": "14654.73", "budget_fiscal_1": "wan",
        "budget_social_0": "1234.56", "budget_social_1": "yuan"})
    assert r.status_code == 302, r.context["form"].errors
    p = Project.objects.get(name="特尔果乡光伏")
    assert p.pairing == demo["pairings"]["lmt-pg"]
    assert p.budget_fiscal == Decimal("146547300.00")
    assert p.budget_total == Decimal("146548534.56")
    page = client.get(reverse("projects:detail", args=[p.pk])).content.decode()
    assert "14,654.853456 万元" in page


def test_list_query_count_is_flat(login, demo, django_assert_max_num_queries) -> None:
    for i in range(30):
        _project(demo, "lmt-pg", "513428", f"项目{i}")
    client = login("national")
    client.get(reverse("projects:list"))
    with django_assert_max_num_queries(10):
        r = client.get(reverse("projects:list"))
    assert len(r.context["table"]) == 30
    client.get(reverse("funds:list"))
    with django_assert_max_num_queries(10):
        client.get(reverse("funds:list"))


def test_export_has_units_and_totals(login, two_counties) -> None:
    client = login("national")
    body = b"".join(client.get(reverse("projects:export", args=["csv"])).streaming_content)
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert "总投资（万元）" in rows[0]
    col = rows[0].index("总投资（万元）")
    assert rows[-1][0] == "合计" and Decimal(rows[-1][col]) == Decimal("80")
    assert len(rows) == 4
    response = client.get(reverse("projects:export", args=["xlsx"]), {"q": "普基"})
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = book.active
    assert sheet.max_row == 3 and sheet.cell(2, 2).value == "普基镇核桃基地"


PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_attachments_check_size_and_type_and_stay_in_scope(login, two_counties, settings,
                                                           tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path
    settings.ATTACHMENT_MAX_BYTES = 1024
    puge = two_counties["puge"]
    client = login("puge_entry")
    url = reverse("projects:attach", args=[puge.pk])
    bad = [
        SimpleUploadedFile("virus.exe", b"MZ\x90\x00", "application/octet-stream"),
        SimpleUploadedFile("fake.pdf", b"PK\x03\x04 not a pdf", "application/pdf"),
        SimpleUploadedFile("big.pdf", PDF + b"0" * 2048, "application/pdf"),
    ]
    for upload in bad:
        r = client.post(url, {"file": upload, "kind": "document"}, follow=True)
        assert any(m.level_tag == "error" for m in r.context["messages"])
    assert not Attachment.objects.exists()
    client.post(url, {"file": SimpleUploadedFile("批复.pdf", PDF, "application/pdf"),
                      "title": "立项批复"})
    attachment = Attachment.objects.get()
    assert attachment.original_name == "批复.pdf"
    got = client.get(reverse("projects:attachment", args=[puge.pk, attachment.pk]))
    assert b"".join(got.streaming_content) == PDF
    other = login("linxiashi_entry")
    assert other.get(reverse("projects:attachment",
                             args=[puge.pk, attachment.pk])).status_code == 404


def test_viewer_cannot_change(login, two_counties) -> None:
    client = login("gansu_viewer")
    linxia = two_counties["linxia"]
    assert client.get(reverse("projects:detail", args=[linxia.pk])).status_code == 200
    assert client.get(reverse("projects:edit", args=[linxia.pk])).status_code == 403
    assert client.get(reverse("projects:create")).status_code == 403
    r = client.post(reverse("projects:advance", args=[linxia.pk]),
                    {"to_status": "approved", "date": "2024-05-01"})
    assert r.status_code == 403


def test_reconciliation_page_lists_open_mismatches_in_scope(login, demo) -> None:
    from xiezuo.funds import demo as funds_demo

    funds_demo.load()
    national = login("national").get(reverse("funds:reconciliation"))
    labels = [pairing.label for _m, pairing in national.context["rows"]]
    assert labels == ["江阳区 → 盐源县"]
    assert national.context["rows"][0][0].difference == Decimal("50000.00")
    puge = login("puge_entry").get(reverse("funds:reconciliation"))
    assert puge.context["rows"] == []
