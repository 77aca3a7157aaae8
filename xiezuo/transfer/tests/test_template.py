"""The import template: headers, notes row, drop-down lists, example row; filled in, it imports."""

import io
import zipfile
from typing import Any

import pytest
from django.urls import reverse

from xiezuo.pairings.models import Pairing
from xiezuo.transfer.models import Status
from xiezuo.transfer.tests.conftest import commit

pytestmark = pytest.mark.django_db


def _template(client, key: str) -> bytes:
    r = client.get(reverse("transfer:template", args=[key]))
    assert r.status_code == 200
    assert "attachment" in r["Content-Disposition"]
    return r.content


def _rows(content: bytes) -> list[list[Any]]:
    import python_calamine

    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(content))
    assert book.sheet_names[0] in ("援建项目", "资金流水", "结对关系")
    return book.get_sheet_by_index(0).to_python()


def test_the_template_has_headers_notes_dropdowns_and_an_example(login, demo) -> None:
    content = _template(login("linxiashi_entry"), "funds.fundmovement")
    rows = _rows(content)
    header = rows[0]
    assert header[:5] == ["资金年度*", "日期*", "资金环节*", "资金来源", "金额（万元）*"]
    assert "填报方" not in "".join(map(str, header))  # set by the user's office
    assert rows[1][-1].startswith("【说明】") and rows[2][-1].startswith("【示例】")
    assert "临夏市" in rows[2]  # the example names the user's own county
    with zipfile.ZipFile(io.BytesIO(content)) as book:
        sheet = book.read("xl/worksheets/sheet1.xml").decode()
    assert sheet.count("<dataValidation ") == 2 and "可选值" in sheet  # 资金环节, 资金来源


def test_a_filled_in_template_imports(login, demo, upload, tmp_path) -> None:
    client = login("linxiashi_entry")
    rows = _rows(_template(client, "funds.fundmovement"))
    header = rows[0]
    filled = [*rows[:3], [""] * len(header)]
    for name, value in {"资金年度*": 2024, "日期*": "2024年3月23日", "资金环节*": "拨付",
                        "金额（万元）*": "150"}.items():
        filled[3][header.index(name)] = value
    filled[3][header.index("所在地区")] = "临夏市"
    from xiezuo.transfer.tests.conftest import write_xlsx

    job = upload(client, "funds.fundmovement", write_xlsx(tmp_path / "filled.xlsx", filled))
    assert (job.total, job.new, job.invalid) == (1, 1, 0), job.errors


def test_pairings_import_through_their_own_form(login, demo, upload, tmp_path) -> None:
    from xiezuo.transfer.tests.conftest import write_xlsx

    client = login("jinan_admin")
    rows = _rows(_template(client, "pairings.pairing"))
    header = [str(h).rstrip("*") for h in rows[0]]
    assert header[:4] == ["帮扶方", "帮扶单位", "受援方", "类型"]
    new = [header[:6],
           ["济南市历城区", "", "積石山縣", "东西部协作", "", "2030-01-01"],  # traditional
           ["济南市市中区", "", "622901", "东西部协作", "", "2021年1月1日"],  # exists already
           ["济南市", "", "临夏回族自治州", "东西部协作", "", "2022-01-01"],  # overlaps it
           ["广东省", "", "凉山州", "东西部协作", "", "2030-01-01"]]  # not Jinan's
    job = upload(client, "pairings.pairing", write_xlsx(tmp_path / "p.xlsx", new))
    assert (job.new, job.unchanged, job.invalid) == (1, 1, 2), job.errors
    messages = {e["row"]: e["message"] for e in job.errors}
    assert "时间重叠" in messages[4] and "数据范围" in messages[5]
    del new[3:]
    job = commit(client, upload(client, "pairings.pairing", write_xlsx(tmp_path / "q.xlsx", new)))
    assert job.status == Status.DONE
    made = Pairing.objects.get(donor__code="370112", recipient__code="622927")
    assert made.level == "county" and made.created_by.username == "jinan_admin"


def test_only_pairing_managers_import_pairings(login, demo) -> None:
    client = login("linxiashi_entry")  # data entry: may not manage pairings
    assert client.get(reverse("transfer:import", args=["pairings.pairing"])).status_code == 403
