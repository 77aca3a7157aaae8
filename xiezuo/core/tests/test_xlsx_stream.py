"""The streaming xlsx writer: what it writes reads back the same in openpyxl and calamine."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal

import openpyxl
import python_calamine

from xiezuo.core import xlsx_stream as xs


def test_column_letters() -> None:
    assert [xs.column_letter(i) for i in (0, 25, 26, 51, 52, 701, 702)] == [
        "A", "Z", "AA", "AZ", "BA", "ZZ", "AAA"]


def test_values_read_back_as_written() -> None:
    handle = io.BytesIO()
    sheet = xs.SheetWriter(handle, "资金 & <台账>", ["日期", "金额（万元）", "说明", "年度"],
                           [12, 14, 20, 8], [xs.PLAIN, xs.MONEY, xs.PLAIN, xs.PLAIN])
    rows = [[dt.date(2024, 3, 1), Decimal("12.345"), "=1+2 & <b>", 2024],
            [dt.date(1999, 12, 31), 0.5, " 前后空格 ", None],
            [dt.date(2024, 2, 29), -3, "控制\x01字符\x1f", ""],
            ["", "", "", 7]]
    for row in rows:
        sheet.write(row)
    sheet.close(["合计", Decimal("9.845"), "", ""])
    handle.seek(0)
    with zipfile.ZipFile(handle) as book:
        xml = book.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml  # never a formula
    handle.seek(0)
    ws = openpyxl.load_workbook(handle).active
    assert ws.title == "资金 & <台账>" and ws.freeze_panes == "A2"
    got = [[c.value for c in row] for row in ws.iter_rows()]
    assert got[0] == ["日期", "金额（万元）", "说明", "年度"]
    assert got[1] == [dt.datetime(2024, 3, 1), 12.345, "=1+2 & <b>", 2024]
    assert got[2] == [dt.datetime(1999, 12, 31), 0.5, " 前后空格 ", None]
    assert got[3] == [dt.datetime(2024, 2, 29), -3, "控制字符", None]
    assert got[4] == [None, None, None, 7]
    assert got[5] == ["合计", 9.845, None, None]
    assert ws["B2"].number_format == xs.MONEY_FORMAT and ws["A2"].number_format == "yyyy-mm-dd"
    assert ws["A1"].font.b and ws["A6"].font.b
    handle.seek(0)
    cal = python_calamine.CalamineWorkbook.from_filelike(handle).get_sheet_by_index(0)
    values = cal.to_python()
    assert values[1][:3] == [dt.date(2024, 3, 1), 12.345, "=1+2 & <b>"]
    assert values[4][3] == 7


def test_many_rows_stream() -> None:
    handle = io.BytesIO()
    sheet = xs.SheetWriter(handle, "x", ["n", "t"], [8, 8], [xs.PLAIN, xs.PLAIN])
    for n in range(1, 2001):
        sheet.write([n, f"行{n}"])
    sheet.close(["合计", 2001000])
    handle.seek(0)
    values = python_calamine.CalamineWorkbook.from_filelike(handle).get_sheet_by_index(
        0).to_python()
    assert len(values) == 2002 and values[2000] == [2000, "行2000"]
    assert values[-1] == ["合计", 2001000]
