"""An office's spreadsheet as a grid of cells with its merged ranges. Plain Python.

    grid = open_grid(path, "资金安排表.xlsx", sheet=None)

Formats: xlsx, xls (old Excel), ods (python-calamine reads all three; it gives the merged
ranges of xlsx and xls, the ranges of an ods file are read from its ``content.xml``), and CSV
in UTF-8 (with or without BOM), UTF-16 (Excel's "Unicode text") or GBK/GB18030 (what Excel on
a Chinese Windows saves), with any line endings, CR alone included, separated by commas, tabs
or semicolons. A file unfit to read is refused with a plain message (FileRefused).
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from xiezuo.core.xlsx_stream import column_letter
from xiezuo.transfer.workbook import (
    OLE_MAGIC,
    ZIP_MAGIC,
    FileRefused,
    _check_unpacked_size,
    check_size,
)

#: (first row, first column, last row, last column), 0-based and inclusive
Merge = tuple[int, int, int, int]
EXTENSIONS = ("xlsx", "xlsm", "xls", "ods", "csv", "txt")


@dataclass
class Grid:
    """One sheet: ``rows`` are rectangular (``None`` for an empty cell)."""

    name: str
    rows: list[list[Any]]
    merges: list[Merge] = field(default_factory=list)
    #: every visible sheet of the workbook, in order
    sheets: list[str] = field(default_factory=list)
    #: cells holding a formula whose result was never computed (xlsx written by a program)
    uncomputed: set[tuple[int, int]] = field(default_factory=set)

    @property
    def height(self) -> int:
        return len(self.rows)

    @property
    def width(self) -> int:
        return len(self.rows[0]) if self.rows else 0

    def cell(self, row: int, col: int) -> Any:
        if 0 <= row < len(self.rows) and 0 <= col < len(self.rows[row]):
            return self.rows[row][col]
        return None

    @staticmethod
    def of(rows: list[list[Any]], merges: list[Merge] | None = None, name: str = "Sheet1"
           ) -> Grid:
        """A grid from rows of values (tests, CSV): padded square, "" read as empty."""
        width = max((len(r) for r in rows), default=0)
        for _r0, _c0, _r1, c1 in merges or []:
            width = max(width, c1 + 1)
        height = max([len(rows)] + [m[2] + 1 for m in merges or []])
        square = [[_blank(v) for v in row] + [None] * (width - len(row)) for row in rows]
        square += [[None] * width for _ in range(height - len(rows))]
        return Grid(name, square, list(merges or []), [name])


def _blank(value: Any) -> Any:
    if value == "" or (isinstance(value, str) and not value.strip()):
        return None
    return value


def cell_name(row: int, col: int) -> str:
    """(0, 0) → A1."""
    return f"{column_letter(col)}{row + 1}"


def open_grid(path: Path, name: str, sheet: str | None = None) -> Grid:
    """The sheet ``sheet`` (default: the first visible one holding anything) of the file at
    ``path``, uploaded as ``name``."""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    check_size(path.stat().st_size, name)
    with path.open("rb") as handle:
        head = handle.read(8)
    if ext in ("csv", "txt"):
        return _csv_grid(path, name)
    if head.startswith(OLE_MAGIC):
        return _calamine_grid(path, name, sheet, "xls")
    if head.startswith(ZIP_MAGIC):
        kind = "ods" if ext == "ods" or _is_ods(path) else "xlsx"
        try:
            with zipfile.ZipFile(path) as book:
                _check_unpacked_size(book, name)
        except zipfile.BadZipFile as exc:
            raise FileRefused(_("「%(n)s」已损坏，无法解压。") % {"n": name}) from exc
        return _calamine_grid(path, name, sheet, kind)
    if ext in EXTENSIONS:
        raise FileRefused(_("「%(n)s」不是 Excel 或 WPS 表格文件（内容与扩展名不符）。") % {
            "n": name})
    raise FileRefused(_("不支持「%(e)s」文件：请上传 .xlsx、.xls、.ods 或 .csv 文件。") % {
        "e": ext or _("无扩展名")})


def _is_ods(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as book:
            return book.read("mimetype").startswith(b"application/vnd.oasis.opendocument")
    except (KeyError, zipfile.BadZipFile, OSError):
        return False


def _calamine_grid(path: Path, name: str, wanted: str | None, kind: str) -> Grid:
    import python_calamine as pc

    try:
        book = pc.CalamineWorkbook.from_path(str(path))
        visible = [m.name for m in book.sheets_metadata
                   if m.visible == pc.SheetVisibleEnum.Visible
                   and m.typ == pc.SheetTypeEnum.WorkSheet]
        if wanted is not None and wanted not in book.sheet_names:
            raise FileRefused(_("工作簿中没有名为「%(s)s」的工作表。可选：%(a)s。") % {
                "s": wanted, "a": "、".join(visible)})
        candidates = [wanted] if wanted is not None else visible
        chosen, rows, merges = "", [], []
        for title in candidates:
            sheet = book.get_sheet_by_name(title)
            rows = sheet.to_python(skip_empty_area=False)
            if any(v not in ("", None) for row in rows for v in row) or wanted is not None:
                chosen = title
                merges = [(a[0], a[1], b[0], b[1]) for a, b in sheet.merged_cell_ranges or []]
                break
        book.close()
    except FileRefused:
        raise
    except Exception as exc:  # calamine raises its own error types for broken files
        raise FileRefused(_("「%(n)s」无法读取：文件已损坏、有密码保护或不是表格文件。") % {
            "n": name}) from exc
    if not chosen:
        raise FileRefused(_("「%(n)s」中没有任何内容。") % {"n": name})
    if kind == "ods":
        merges = _ods_merges(path, chosen)
    uncomputed = _uncomputed_formulas(path, chosen) if kind == "xlsx" else set()
    grid = Grid.of(rows, merges, chosen)
    grid.sheets, grid.uncomputed = visible, uncomputed
    return grid


TABLE_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"


def _ods_merges(path: Path, title: str) -> list[Merge]:
    """The merged ranges of sheet ``title`` in an ods file: the cells that say
    ``number-columns-spanned`` / ``number-rows-spanned``, walked with repeated rows and
    columns counted (a sheet ends with a million repeated empty rows)."""
    from lxml import etree

    t = f"{{{TABLE_NS}}}"
    merges: list[Merge] = []
    with zipfile.ZipFile(path) as book, book.open("content.xml") as content:
        inside, row, col = False, -1, 0
        for event, element in etree.iterparse(content, events=("start", "end")):
            tag = element.tag
            if tag == f"{t}table":
                if event == "start":
                    inside = element.get(f"{t}name") == title
                elif inside:
                    break
                continue
            if not inside:
                continue
            if tag == f"{t}table-row":
                if event == "start":
                    row, col = row + 1, 0
                else:
                    row += int(element.get(f"{t}number-rows-repeated", "1")) - 1
                    element.clear()
            elif tag in (f"{t}table-cell", f"{t}covered-table-cell") and event == "start":
                rows = int(element.get(f"{t}number-rows-spanned", "1"))
                cols = int(element.get(f"{t}number-columns-spanned", "1"))
                if rows > 1 or cols > 1:
                    merges.append((row, col, row + rows - 1, col + cols - 1))
                col += int(element.get(f"{t}number-columns-repeated", "1"))
    return merges


def _uncomputed_formulas(path: Path, title: str) -> set[tuple[int, int]]:
    """Formula cells of an xlsx sheet that carry no computed value."""
    from xml.etree import ElementTree as ET

    from xiezuo.transfer.workbook import NS, _cell_index, _sheets

    found: set[tuple[int, int]] = set()
    try:
        with zipfile.ZipFile(path) as book:
            target = next((t for s, t, _st in _sheets(book) if s == title), None)
            if target is None:
                return found
            xml = book.read(target)
    except (KeyError, zipfile.BadZipFile, OSError):
        return found
    if b"<f" not in xml:
        return found
    for _event, element in ET.iterparse(io.BytesIO(xml)):
        if element.tag == f"{{{NS['m']}}}c":
            if element.find("m:f", NS) is not None:
                value = element.find("m:v", NS)
                if value is None or not (value.text or "").strip():
                    found.add(_cell_index(element.get("r", "")))
            element.clear()
    return found


def decode(raw: bytes, name: str) -> str:
    """The text of a CSV file in whichever encoding Chinese offices save it."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    if b"\x00" in raw[:4096]:
        raise FileRefused(_("「%(n)s」不是文本格式的 CSV 文件。") % {"n": name})
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileRefused(_("「%(n)s」的文字编码无法识别，请另存为 UTF-8 编码的 CSV。") % {"n": name})


def _csv_grid(path: Path, name: str) -> Grid:
    text = decode(path.read_bytes(), name)
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # Windows, Unix and old Mac lines
    sample = "\n".join(text.split("\n", 30)[:30])
    delimiter = ","
    counts = {d: sample.count(d) for d in (",", "\t", ";")}
    if counts[","] == 0 and max(counts.values()) > 0:
        delimiter = max(counts, key=lambda d: counts[d])
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    while rows and not any(v.strip() for v in rows[-1]):
        rows.pop()
    if not rows:
        raise FileRefused(_("「%(n)s」中没有任何内容。") % {"n": name})
    stem = name.rsplit("/", 1)[-1]
    return Grid.of(list(rows), [], stem)
