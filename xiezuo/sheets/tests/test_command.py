"""``xiezuo sheets read``: one JSON object, nothing written."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from xiezuo.projects.models import Project
from xiezuo.sheets.models import SheetUpload
from xiezuo.sheets.tests.conftest import DATA

pytestmark = pytest.mark.django_db


def run(*args: str) -> dict:
    out = io.StringIO()
    call_command("sheets", "read", *args, stdout=out)
    return json.loads(out.getvalue())


def test_it_prints_records_skipped_checks_and_mapping(regions) -> None:
    found = run(str(DATA / "02.xlsx"))
    assert set(found) == {"records", "skipped", "checks", "mapping"}
    assert len(found["records"]) == 16
    first = found["records"][0]
    assert first["row"] == 5 and first["amount_yuan"] == 200_000
    assert first["values"] == {"village": "苗儿村", "name": "水果基地", "content": "续建",
                               "budget_fiscal": 200_000}
    assert sum(r["amount_yuan"] for r in found["records"]) == 4_080_000
    assert {(s["row"], s["role"]) for s in found["skipped"]} == {
        (1, "title"), (2, "unit"), (3, "header"), (4, "header"), (12, "subtotal"),
        (21, "subtotal"), (23, "total"), (24, "footnote")}
    assert [(c["row"], c["column"], c["published"], c["computed"], c["ok"])
            for c in found["checks"]] == [
        (12, "E", 160, 160, True), (21, "E", 236, 236, True), (21, "F", 12, 12, True),
        (23, "E", 408, 408, True), (23, "F", 12, 12, True)]
    assert found["mapping"]["项目名称"] == "name"
    assert found["mapping"]["资金金额 / 其中：灾情因素"] is None
    assert Project.objects.count() == 0 and SheetUpload.objects.count() == 0


def test_it_reads_for_funds_and_a_named_sheet(regions) -> None:
    found = run(str(DATA / "04.csv"), "--ledger", "funds", "--sheet", "ignored-for-csv")
    assert [r["values"]["amount"] for r in found["records"]] == [
        6_600_000, 2_510_000, 390_000, 1_200_000, 1_300_000]
    assert found["checks"] == [] and found["skipped"] == [{"row": 1, "role": "header"}]
    found = run(str(DATA / "04.xlsx"), "--ledger", "funds", "--sheet", "Sheet1")
    assert sum(r["amount_yuan"] for r in found["records"]) == 12_000_000
    assert len(found["checks"]) == 10 and all(c["ok"] for c in found["checks"])


def test_it_refuses_plainly(tmp_path, regions) -> None:
    with pytest.raises(CommandError, match="unknown ledger"):
        run(str(DATA / "02.csv"), "--ledger", "nothing")
    with pytest.raises(CommandError, match="没有名为"):
        run(str(DATA / "02.xlsx"), "--sheet", "不存在")
    bad = tmp_path / "x.xlsx"
    bad.write_bytes(b"not a workbook")
    with pytest.raises(CommandError):
        run(str(bad))
