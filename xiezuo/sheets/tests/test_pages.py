"""An office walks its own table through the pages: upload, the reading beside the
mapping, corrections, constants, preview, confirm; the mapping offered next time.

beita_entry:  data entry in 北塔区 (长沙市 → 北塔区)
liling_entry: data entry in 醴陵市
puge_entry:   data entry in 普格县 (another province)
"""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from xiezuo.core.models import AuditEntry
from xiezuo.projects.models import Project, Sector
from xiezuo.sheets.models import SavedMapping, SheetUpload
from xiezuo.sheets.tests.conftest import DATA

pytestmark = pytest.mark.django_db


def upload(client, path: Path, ledger: str = "projects.project") -> SheetUpload:
    response = client.post(reverse("sheets:start"), {
        "ledger": ledger, "file": SimpleUploadedFile(path.name, path.read_bytes())})
    assert response.status_code == 302, response.content.decode()[:3000]
    return SheetUpload.objects.latest("id")


def form_data(client, sheet: SheetUpload, **constants) -> dict:
    """The page's form as the office leaves it: the suggested fields and roles, and the
    constants given."""
    page = client.get(sheet.get_absolute_url()).context
    data = {f"col-{c['index']}": c["field"] for c in page["columns"]}
    data.update({f"role-{r.index}": r.role for r in page["rows"]})
    data.update({f"c-{k}": v for k, v in constants.items()})
    return data


def constants(year: str, region: str) -> dict:
    return {"year": year, "region": region, "sector": str(Sector.objects.get(name="产业").pk)}


def preview(client, sheet, data) -> SheetUpload:
    response = client.post(sheet.get_absolute_url(), {**data, "action": "preview"})
    assert response.status_code == 302, response.content.decode()[:3000]
    sheet.refresh_from_db()
    return sheet


def confirm(client, sheet) -> SheetUpload:
    response = client.post(reverse("sheets:confirm", args=[sheet.pk]), {"job": sheet.job.pk})
    assert response.status_code == 302
    sheet.refresh_from_db()
    return sheet


@pytest.mark.parametrize(("name", "user", "year", "region", "count", "money"), [
    ("02.xlsx", "beita", "2020", "430511", 16, 408),
    ("02.csv", "beita", "2020", "430511", 16, 408),
    ("04.xlsx", "liling", "2019", "430281", 5, 1200),
    ("04.csv", "liling", "2019", "430281", 5, 1200),
])
def test_a_shared_table_goes_in_untouched(client, hunan, name, user, year, region, count,
                                          money) -> None:
    client.force_login(hunan[user]["user"])
    sheet = upload(client, DATA / name)
    page = client.get(sheet.get_absolute_url())
    assert page.status_code == 200
    body = page.content.decode()
    assert 'id="sheet-grid"' in body and "不符" not in body
    sheet = preview(client, sheet, form_data(client, sheet, **constants(year, region)))
    job = sheet.job
    assert (job.status, job.new, job.invalid) == ("preview", count, 0), (job.message, job.errors)
    assert Project.objects.count() == 0  # a preview writes nothing
    sheet = confirm(client, sheet)
    assert sheet.job.status == "done" and sheet.confirmed_at
    made = Project.objects.filter(region__code=region)
    assert made.count() == count
    assert sum(p.budget_total for p in made) == Decimal(money * 10_000)
    assert "已导入" in client.get(sheet.get_absolute_url()).content.decode()


def test_the_mapping_is_saved_audited_and_offered_next_time(client, hunan) -> None:
    client.force_login(hunan["liling"]["user"])
    first = upload(client, DATA / "04.xlsx")
    data = form_data(client, first, **constants("2019", "430281"))
    data["col-2"] = "content"  # 建设地点 → 建设内容 instead of 乡镇 …
    data["col-3"] = ""  # … and 建设内容 not imported
    confirm(client, preview(client, first, data))
    saved = SavedMapping.objects.get()
    assert saved.office == hunan["liling"]["office"] and saved.used == 1
    assert saved.columns["建设地点"] == "content" and "建设内容" not in saved.columns
    assert AuditEntry.for_object(saved).filter(action="create").exists()
    again = upload(client, DATA / "04.xlsx")
    assert again.offered == saved
    assert again.columns["2"] == "content" and again.columns["3"] == ""
    assert again.constants["c-year"] == "2019"
    again = preview(client, again, form_data(client, again, **constants("2019", "430281")))
    assert (again.job.new, again.job.unchanged) == (0, 5)  # the re-import changes nothing
    body = client.get(again.get_absolute_url()).content.decode()
    assert "无需导入" in body and 'id="sheet-confirm"' not in body


def test_another_office_is_not_offered_the_mapping(client, hunan) -> None:
    client.force_login(hunan["liling"]["user"])
    confirm(client, preview(client, upload(client, DATA / "04.csv"),
                            form_data(client, SheetUpload.objects.latest("id"),
                                      **constants("2019", "430281"))))
    client.force_login(hunan["beita"]["user"])
    assert upload(client, DATA / "04.csv").offered is None


def test_a_person_corrects_a_row_role(client, hunan) -> None:
    client.force_login(hunan["liling"]["user"])
    sheet = upload(client, DATA / "04.csv")
    data = form_data(client, sheet, **constants("2019", "430281"))
    data["role-5"] = "footnote"  # the 雨露计划 row, say, is not a project
    sheet = preview(client, sheet, data)
    assert sheet.roles == {"5": "footnote"} and sheet.job.new == 4


def test_errors_are_shown_on_the_office_cells(client, hunan) -> None:
    client.force_login(hunan["beita"]["user"])
    sheet = upload(client, DATA / "02.xlsx")
    data = form_data(client, sheet, **constants("2020", "430511"))
    data["col-3"] = "planned_start"  # 建设内容 (续建…) read as a date: every row refused
    sheet = preview(client, sheet, data)
    assert sheet.job.invalid == 15  # row 22 has no 建设内容
    page = client.get(sheet.get_absolute_url())
    body = page.content.decode()
    assert body.count('class="error"') == 15 and "不是日期" in body
    assert 'id="sheet-confirm"' not in body
    assert Project.objects.count() == 0


def test_required_constants_are_asked_before_the_preview(client, hunan) -> None:
    client.force_login(hunan["beita"]["user"])
    sheet = upload(client, DATA / "02.csv")
    data = form_data(client, sheet)
    response = client.post(sheet.get_absolute_url(), {**data, "action": "preview"})
    assert response.status_code == 200
    assert "这个字段是必填项" in response.content.decode() or "required" in \
        response.content.decode()
    sheet.refresh_from_db()
    assert sheet.job is None


def test_an_upload_is_seen_by_its_owner_only(client, hunan, demo) -> None:
    client.force_login(hunan["beita"]["user"])
    sheet = upload(client, DATA / "02.csv")
    client.force_login(demo["users"]["puge_entry"])
    assert client.get(sheet.get_absolute_url()).status_code == 404
    assert client.post(reverse("sheets:confirm", args=[sheet.pk])).status_code == 404
    client.force_login(demo["users"]["gansu_viewer"])
    assert client.get(reverse("sheets:start")).status_code == 403


def test_a_saved_mapping_is_deleted_with_an_audit_row(client, hunan, demo) -> None:
    client.force_login(hunan["liling"]["user"])
    sheet = upload(client, DATA / "04.csv")
    confirm(client, preview(client, sheet, form_data(client, sheet,
                                                     **constants("2019", "430281"))))
    saved = SavedMapping.objects.get()
    client.force_login(demo["users"]["puge_entry"])
    assert client.post(reverse("sheets:forget", args=[saved.pk])).status_code == 404
    client.force_login(hunan["liling"]["user"])
    assert client.post(reverse("sheets:forget", args=[saved.pk])).status_code == 302
    assert not SavedMapping.objects.exists()
    assert AuditEntry.objects.filter(action="delete", object_id=str(saved.pk)).exists()


def test_a_file_that_is_not_a_table_is_refused_plainly(client, hunan) -> None:
    client.force_login(hunan["beita"]["user"])
    response = client.post(reverse("sheets:start"), {
        "ledger": "projects.project",
        "file": SimpleUploadedFile("x.xlsx", b"PK\x03\x04not really a zip")})
    assert response.status_code == 200 and "损坏" in response.content.decode()


def test_a_big_table_goes_through_the_worker(client, hunan, settings) -> None:
    settings.IMPORT_INLINE_BYTES = 0  # every import file counts as big
    client.force_login(hunan["beita"]["user"])
    sheet = upload(client, DATA / "02.xlsx")
    sheet = preview(client, sheet, form_data(client, sheet, **constants("2020", "430511")))
    assert sheet.job.status == "queued"
    body = client.get(sheet.get_absolute_url()).content.decode()
    assert "正在后台处理" in body and 'http-equiv="refresh"' in body
    call_command("worker", "--once", stdout=io.StringIO())
    sheet.refresh_from_db()
    assert (sheet.job.status, sheet.job.new) == ("preview", 16)
    sheet = confirm(client, sheet)
    assert sheet.job.status == "queued" and Project.objects.count() == 0
    call_command("worker", "--once", stdout=io.StringIO())
    sheet.refresh_from_db()
    assert sheet.job.status == "done" and Project.objects.count() == 16


def test_the_reading_page_asks_the_database_alike_for_16_rows_or_400(client, hunan,
                                                                     tmp_path) -> None:
    client.force_login(hunan["beita"]["user"])
    lines = (DATA / "02.csv").read_text(encoding="utf-8").splitlines()
    big = tmp_path / "big.csv"
    body = [line for line in lines[1:] if line[:1].isdigit()]
    big.write_text("\n".join([lines[0]] + [f"{n}{b[b.index(','):]}" for n in range(1, 401)
                                            for b in body[n % len(body):][:1]]),
                   encoding="utf-8")
    counts = []
    for path in (DATA / "02.csv", big):
        sheet = upload(client, path)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(sheet.get_absolute_url()).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
