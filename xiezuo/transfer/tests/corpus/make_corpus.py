"""Write the bad-input corpus: one small file per way an upload goes wrong.

    uv run python xiezuo/transfer/tests/corpus/make_corpus.py

The files are committed beside this script; test_bad_input.py imports each and checks the
message. Two cases are too large to keep in the repository and are made at test time instead:
a 50 MB file (``big_file``) and a zip bomb (``zip_bomb``), both defined here.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import xlsxwriter

HERE = Path(__file__).resolve().parent
HEADER: list[Any] = ["日期", "资金年度", "资金环节", "资金来源", "金额（万元）", "所在地区",
                     "文号/凭证号"]
ROW: list[Any] = ["2024年3月23日", 2024, "拨付", "财政援助资金", 150, "临夏市", "财拨〔2024〕1号"]


def _book(name: str) -> tuple[xlsxwriter.Workbook, Any]:
    book = xlsxwriter.Workbook(str(HERE / name))
    return book, book.add_worksheet("资金流水")


def _rows(sheet: Any, rows: list[list[Any]]) -> None:
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            if value is not None:
                sheet.write(i, j, value)


def wrong_headers() -> None:
    book, sheet = _book("wrong_headers.xlsx")
    _rows(sheet, [["时间", "类别", "钱", "地方"], ["2024-03-23", "拨付", 150, "临夏市"]])
    book.close()


def extra_column() -> None:
    book, sheet = _book("extra_column.xlsx")
    _rows(sheet, [[*HEADER, "负责人电话"], [*ROW, "13800000000"]])
    book.close()


def missing_column() -> None:
    book, sheet = _book("missing_column.xlsx")
    _rows(sheet, [HEADER[:4] + HEADER[5:], ROW[:4] + ROW[5:]])  # no 金额
    book.close()


def merged_cells() -> None:
    book, sheet = _book("merged_cells.xlsx")
    _rows(sheet, [HEADER, ROW, ROW])
    sheet.merge_range("F2:F3", "临夏市")
    book.close()


def formulas() -> None:
    book, sheet = _book("formulas.xlsx")
    _rows(sheet, [HEADER, ROW])
    sheet.write_formula("E3", "=E2*2", None, 300)
    for j, value in enumerate(ROW):
        if j != 4:
            sheet.write(2, j, value)
    book.close()


def hidden_sheet() -> None:
    book, sheet = _book("hidden_sheet.xlsx")
    _rows(sheet, [HEADER, ROW])
    secret = book.add_worksheet("隐藏数据")
    _rows(secret, [HEADER, ROW])
    secret.hide()
    book.close()


def empty_rows() -> None:
    """Blank rows between and after the data are read past: two rows import."""
    book, sheet = _book("empty_rows.xlsx")
    _rows(sheet, [HEADER, ROW, [], [], ROW, [], []])
    book.close()


def no_data() -> None:
    book, sheet = _book("no_data.xlsx")
    _rows(sheet, [HEADER])
    book.close()


def not_excel() -> None:
    (HERE / "not_excel.xlsx").write_bytes(
        b"%PDF-1.4\n% a PDF document renamed to .xlsx\n1 0 obj << >> endobj\n%%EOF\n")


def text_renamed() -> None:
    (HERE / "text_renamed.xlsx").write_text("日期,金额\n2024-03-23,150\n", encoding="utf-8")


def broken_zip() -> None:
    """Starts like a zip (an xlsx) but is cut short."""
    data = (HERE / "empty_rows.xlsx").read_bytes()
    (HERE / "broken_zip.xlsx").write_bytes(data[: len(data) // 3])


def zip_not_workbook() -> None:
    with zipfile.ZipFile(HERE / "zip_not_workbook.xlsx", "w") as z:
        z.writestr("readme.txt", "not a workbook")


def legacy_xls() -> None:
    (HERE / "legacy.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)


def big_file(path: Path, megabytes: int = 50) -> Path:
    """A real workbook padded past ``megabytes`` (an uncompressed member of random bytes)."""
    import os

    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/media/padding.bin", os.urandom(megabytes * 1_048_576))
    return path


def zip_bomb(path: Path, megabytes: int = 1024) -> Path:
    """A few hundred kilobytes that unpack to ``megabytes`` of zeros inside an xlsx shell."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED,
                         compresslevel=9) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            chunk = b"\0" * (1 << 24)
            for _ in range(megabytes // 16):
                member.write(chunk)
    return path


CASES = [wrong_headers, extra_column, missing_column, merged_cells, formulas, hidden_sheet,
         empty_rows, no_data, not_excel, text_renamed, broken_zip, zip_not_workbook, legacy_xls]

if __name__ == "__main__":
    for case in CASES:
        case()
        print("wrote", case.__name__)
