"""Annual targets imported from the import engine's own template show on the dashboard as
target and completion; a county user cannot import another county's targets."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from python_calamine import CalamineWorkbook

from xiezuo.indicators.models import AnnualTarget
from xiezuo.transfer.models import Status, TransferJob
from xiezuo.transfer.tests.conftest import write_xlsx

pytestmark = pytest.mark.django_db
KEY = "indicators.annualtarget"


def upload(client: Any, path: Path) -> TransferJob:
    with open(path, "rb") as handle:
        file = SimpleUploadedFile(path.name, handle.read())
    response = client.post(reverse("transfer:import", args=[KEY]),
                           {"file": file, "mode": "upsert"})
    assert response.status_code == 302, response.content.decode()[:2000]
    return TransferJob.objects.latest("id")


def template_header(client: Any) -> list[str]:
    response = client.get(reverse("transfer:template", args=[KEY]))
    assert response.status_code == 200
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    return [str(v) for v in book.get_sheet_by_index(0).to_python()[0]]


def row(header: list[str], values: dict[str, Any]) -> list[Any]:
    """A data row under the template's header (columns found by their label's start)."""
    out: list[Any] = []
    for title in header:
        out.append(next((v for k, v in values.items() if title.startswith(k)), None))
    return out


def test_it_imports_targets_and_the_dashboard_shows_completion(gansu, login,
                                                               tmp_path) -> None:
    client = login("national")
    header = template_header(client)
    assert any(h.startswith("指标") for h in header) and any(h.startswith("目标值")
                                                            for h in header)
    rows = [header,
            row(header, {"年度": 2023, "指标": "财政援助资金", "目标值": 2_000_000,
                         "所在地区": "积石山保安族东乡族撒拉族自治县",
                         "结对关系": "章丘区 → 积石山保安族东乡族撒拉族自治县",
                         "协议名称": "2023年度东西部协作协议"}),
            row(header, {"年度": 2023, "指标": "fiscal_aid", "目标值": 400_000,
                         "所在地区": "临夏市", "结对关系": "", "协议名称": ""})]
    job = upload(client, write_xlsx(tmp_path / "目标.xlsx", rows))
    assert job.status == Status.PREVIEW, (job.message, job.errors)
    assert (job.new, job.invalid) == (2, 0), job.errors
    client.post(reverse("transfer:commit", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == Status.DONE, (job.message, job.errors)
    p = gansu["pairings"]
    assert {(t.pairing_id, t.value) for t in AnnualTarget.objects.filter(year=2023)} == {
        (p["zq-jss"].pk, Decimal("2000000.00")), (p["szq-lxs"].pk, Decimal("400000.00"))}

    # 积石山: 100 万 done of 200 万 signed = 50 %; 甘肃: 200 of 200 + 40 = 83.3 %
    page = client.get(reverse("indicators:pairing", args=[p["zq-jss"].pk]),
                      {"year": 2023, "refresh": "1"}).content.decode()
    card = page[page.index('id="kpi-fiscal_aid"'):][:3000]
    assert "200.00" in card and "50.0%" in card.replace(" ", "")
    page = client.get(reverse("indicators:region", args=["620000"]),
                      {"year": 2023, "refresh": "1"}).content.decode()
    card = page[page.index('id="kpi-fiscal_aid"'):][:3000]
    assert "240.00" in card and "83.3%" in card.replace(" ", "")


def test_it_refuses_a_county_users_target_for_another_county(gansu, login, tmp_path) -> None:
    client = login("linxiashi_entry")
    header = template_header(client)
    rows = [header, row(header, {"年度": 2023, "指标": "财政援助资金", "目标值": 1,
                                 "所在地区": "积石山保安族东乡族撒拉族自治县"})]
    job = upload(client, write_xlsx(tmp_path / "别县.xlsx", rows))
    assert job.invalid == 1 and job.new == 0
    assert job.errors and job.errors[0]["row"] == 2
    assert not AnnualTarget.objects.exists()
