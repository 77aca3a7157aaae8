"""The two real county tables, as published (CSV) and as offices circulate them (xlsx, and
the same workbook saved as xls and ods by an office suite), read into the records, roles
and totals their annotations (``data/NN.json``) give."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from xiezuo.sheets.reading import read
from xiezuo.sheets.tests.conftest import DATA, expected, table_dirs

pytestmark = pytest.mark.django_db

FORMATS = ["csv", "xlsx", "xls", "ods"]


def _read(path: Path, ledger: str = "projects"):
    return read(path, path.name, ledger)


def _records(reading) -> list[dict]:
    out = []
    for record in reading.records:
        values = record.values
        out.append({"name": values.get("name"), "amount_wan": record.amount_yuan / 10_000,
                    "village": values.get("village"), "location": values.get("township"),
                    "unit": values.get("implementing_unit"), "content": values.get("content")})
    return out


@pytest.mark.parametrize("fmt", FORMATS)
def test_it_reads_table_02(fmt) -> None:
    reading = _read(DATA / f"02.{fmt}")
    want = expected("02")["expected_records"]
    got = _records(reading)
    assert len(got) == 16
    for g, w in zip(got, want, strict=True):
        assert g["name"] == w["name"].strip()
        assert g["amount_wan"] == w["amount_wan"]
        assert g["village"] == w["village"]
        assert g["content"] == w["content"]
    parts = [r.of_which for r in reading.records if r.of_which]
    assert parts == [{"灾情因素": Decimal(60000)}] * 2
    assert sum(r.amount_yuan for r in reading.records) == 408 * 10_000
    checks = reading.layout.checks
    assert checks and all(c.ok for c in checks)
    published = sorted({c.published for c in checks})
    assert {160, 236, 408} <= set(published)


@pytest.mark.parametrize("fmt", FORMATS)
def test_it_reads_table_04(fmt) -> None:
    reading = _read(DATA / f"04.{fmt}")
    want = expected("04")["expected_records"]
    got = _records(reading)
    assert [g["name"] for g in got] == [w["name"] for w in want]
    assert [g["amount_wan"] for g in got] == [w["amount_wan"] for w in want]
    assert [g["location"] for g in got] == [w["location"] for w in want]
    assert [g["unit"] for g in got] == [w["unit"] for w in want]
    assert sum(r.amount_yuan for r in reading.records) == 1200 * 10_000  # not 2400
    assert all(c.ok for c in reading.layout.checks)


def test_the_xlsx_roles_are_those_annotated() -> None:
    for number in ("02", "04"):
        layout = expected(number)["xlsx"]["layout"]
        reading = _read(DATA / f"{number}.xlsx")
        roles = {r.index + 1: r.role for r in reading.layout.rows}
        assert roles[layout["title_row"]] == "title"
        assert roles[layout["unit_row"]] == "unit"
        assert [i for i, r in roles.items() if r == "header"] == layout["header_rows"]
        assert roles[layout["footnote_row"]] == "footnote"
        for row, text in layout["row_roles"].items():
            word = text.split()[0]
            want = {"data": "data", "subtotal": "subtotal", "total": "total",
                    "category": "category"}[word]
            assert roles[int(row)] == want, (number, row, text)


def test_the_csv_roles_are_those_annotated() -> None:
    reading = _read(DATA / "02.csv")
    roles = {r.index + 1: r.role for r in reading.layout.rows}
    assert roles[1] == "header" and roles[9] == roles[18] == "subtotal" and roles[20] == "total"
    assert [r.row + 1 for r in reading.records] == [*range(2, 9), *range(10, 18), 19]


def test_the_xlsx_checks_find_every_published_total() -> None:
    reading = _read(DATA / "04.xlsx")
    found = {(c.row + 1, c.published) for c in reading.layout.checks if c.column == 4}
    assert found == {(5, 660), (7, 290), (10, 120), (12, 130), (14, 1200)}
    reading = _read(DATA / "02.xlsx")
    cells = {(c.row + 1, c.column, c.published) for c in reading.layout.checks}
    assert cells == {(12, 4, 160), (21, 4, 236), (21, 5, 12), (23, 4, 408), (23, 5, 12)}


@pytest.mark.parametrize("number", ["02", "04"])
def test_gbk_and_old_mac_line_endings_read_alike(number, tmp_path) -> None:
    text = (DATA / f"{number}.csv").read_text(encoding="utf-8")
    for encoding, ending in (("gb18030", "\r"), ("gbk", "\r\n"), ("utf-8-sig", "\r"),
                             ("utf-16", "\n")):
        path = tmp_path / f"{number}-{encoding}.csv"
        path.write_bytes(text.replace("\n", ending).encode(encoding))
        assert _records(_read(path)) == _records(_read(DATA / f"{number}.csv")), encoding


def test_the_shared_folder_copies_read_like_the_shipped_ones() -> None:
    for folder in table_dirs()[1:]:
        for name in ("02.csv", "02.xlsx", "04.csv", "04.xlsx"):
            assert _records(_read(folder / name)) == _records(_read(DATA / name))


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_funds_take_the_row_money_once(fmt) -> None:
    reading = _read(DATA / f"04.{fmt}", "funds")
    assert [r.values["amount"] for r in reading.records] == [
        Decimal(v) * 10_000 for v in (660, 251, 39, 120, 130)]
