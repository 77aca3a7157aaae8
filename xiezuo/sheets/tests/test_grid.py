"""Opening an office's file: formats, encodings, line endings, sheets, merged ranges."""

from __future__ import annotations

from pathlib import Path

import pytest

from xiezuo.sheets.grid import open_grid
from xiezuo.sheets.reading import read
from xiezuo.sheets.tests.conftest import DATA
from xiezuo.transfer.workbook import FileRefused


def test_merged_ranges_are_read_from_xlsx_xls_and_ods() -> None:
    want = open_grid(DATA / "02.xlsx", "02.xlsx")
    for fmt in ("xls", "ods"):
        grid = open_grid(DATA / f"02.{fmt}", f"02.{fmt}")
        assert sorted(grid.merges) == sorted(want.merges), fmt
        assert (1, 0, 1, 5) in grid.merges and (4, 1, 5, 1) in grid.merges


@pytest.mark.parametrize("sep", [",", "\t", ";"])
def test_csv_separators(tmp_path: Path, sep: str) -> None:
    path = tmp_path / "t.csv"
    path.write_text(sep.join(["项目", "资金（万元）"]) + "\n" + sep.join(["茶园", "10"]) + "\n",
                    encoding="utf-8")
    assert open_grid(path, "t.csv").rows == [["项目", "资金（万元）"], ["茶园", "10"]]


def test_the_sheet_with_the_table_is_read_when_none_is_named(tmp_path: Path) -> None:
    import xlsxwriter

    path = tmp_path / "two.xlsx"
    book = xlsxwriter.Workbook(str(path))
    book.add_worksheet("填表说明").write(0, 0, "请按要求填写下一张表。")
    table = book.add_worksheet("资金安排")
    for r, row in enumerate([["项目名称", "资金（万元）"], ["茶园", 10]]):
        table.write_row(r, 0, row)
    book.add_worksheet("隐藏").hide()
    book.close()
    grid = open_grid(path, "two.xlsx")
    assert grid.name == "填表说明" and grid.sheets == ["填表说明", "资金安排"]
    assert read(path, "two.xlsx", "funds").grid.name == "资金安排"
    assert open_grid(path, "two.xlsx", "资金安排").rows[1] == ["茶园", 10]


def test_files_that_are_not_tables_are_refused(tmp_path: Path) -> None:
    cases = {"x.xlsx": b"PK\x03\x04broken",
             "x.xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600,
             "x.pdf": b"%PDF-1.4", "x.csv": b"\x00\x01\x02\x03" * 10, "x.ods": b"not a zip"}
    for name, data in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(FileRefused):
            open_grid(path, name)
