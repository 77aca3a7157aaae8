"""Opening an uploaded spreadsheet safely and reading its first sheet as rows of cells.

Everything that makes a file unfit is found before a row is read and said in plain words:
too large, not really an Excel file, a zip bomb, hidden sheets, merged cells. Cells holding a
formula are reported one by one (their cached result may be stale or missing).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from django.conf import settings
from django.utils.translation import gettext as _

from xiezuo.core.export import restore_cell

EXTENSIONS = ("xlsx", "csv")
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
      "rel": "http://schemas.openxmlformats.org/package/2006/relationships"}


class FileRefused(ValueError):
    """The file as a whole cannot be imported; the message says why and what to do."""


@dataclass
class Sheet:
    name: str
    rows: Iterator[list[Any]]
    #: (row index, column index) of cells holding a formula, 0-based
    formulas: set[tuple[int, int]] = field(default_factory=set)
    total_rows: int = 0


def _cell_index(ref: str) -> tuple[int, int]:
    match = re.match(r"([A-Z]+)(\d+)", ref)
    if not match:
        return (0, 0)
    col = 0
    for ch in match.group(1):
        col = col * 26 + ord(ch) - 64
    return int(match.group(2)) - 1, col - 1


def check_size(size: int, name: str) -> None:
    limit = settings.IMPORT_MAX_BYTES
    if size > limit:
        raise FileRefused(_("文件「%(n)s」有 %(s).1f MB，超过导入上限 %(l)d MB。"
            "请分成几个文件导入。") % {
            "n": name, "s": size / 1_048_576, "l": limit // 1_048_576})
    if size == 0:
        raise FileRefused(_("文件「%(n)s」是空文件。") % {"n": name})


def open_sheet(path: Path, name: str) -> Sheet:
    """The first sheet of the file at ``path`` (uploaded as ``name``), or FileRefused."""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    check_size(path.stat().st_size, name)
    with path.open("rb") as handle:
        head = handle.read(8)
    if ext == "xls" or head.startswith(OLE_MAGIC):
        raise FileRefused(_("「%(n)s」是旧版 Excel（.xls）文件，"
            "请在 Excel 中另存为 .xlsx 后导入。") % {
            "n": name})
    if ext == "csv":
        return _csv_sheet(path, name)
    if ext != "xlsx":
        raise FileRefused(_("不支持「%(e)s」文件，请上传 .xlsx（或 .csv）文件。") % {
            "e": ext or _("无扩展名")})
    if not head.startswith(ZIP_MAGIC):
        raise FileRefused(_("「%(n)s」不是 Excel 文件（内容与扩展名不符，可能改过扩展名）。") % {
            "n": name})
    sheet_xml, formulas = _inspect_xlsx(path, name)
    return _calamine_sheet(path, name, sheet_xml, formulas)


def _inspect_xlsx(path: Path, name: str) -> tuple[str, set[tuple[int, int]]]:
    """Refuse zip bombs, hidden sheets and merged cells; find formula cells."""
    try:
        book = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise FileRefused(_("「%(n)s」已损坏或不是 Excel 文件。") % {"n": name}) from exc
    with book:
        names = set(book.namelist())
        if "xl/workbook.xml" not in names:
            raise FileRefused(_("「%(n)s」不是 Excel 工作簿（缺少工作簿内容）。") % {"n": name})
        _check_unpacked_size(book, name)
        sheets = _sheets(book)
        hidden = [title for title, _target, state in sheets if state in ("hidden", "veryHidden")]
        if hidden:
            raise FileRefused(_("工作簿含隐藏的工作表「%(s)s」。隐藏表中的内容不会导入，"
                "容易遗漏或误导入；"
                                "请删除或取消隐藏后再上传。") % {"s": "」「".join(hidden)})
        if not sheets:
            raise FileRefused(_("工作簿中没有工作表。"))
        title, target, _state = sheets[0]
        xml = _read_member(book, target)
    merged = re.findall(rb'<mergeCell[^>]*ref="([A-Z0-9:]+)"', xml)
    if merged:
        ranges = "、".join(m.decode() for m in merged[:5])
        raise FileRefused(_("工作表「%(s)s」含合并单元格（%(r)s）。请取消合并，"
            "并在每个单元格填写完整后再导入。") % {
            "s": title, "r": ranges + ("…" if len(merged) > 5 else "")})
    formulas: set[tuple[int, int]] = set()
    if b"<f>" in xml or b"<f " in xml or b"<f/>" in xml:
        for _event, element in ET.iterparse(io.BytesIO(xml)):
            if element.tag == f"{{{NS['m']}}}c":
                if element.find("m:f", NS) is not None:
                    formulas.add(_cell_index(element.get("r", "")))
                element.clear()
    return title, formulas


def _check_unpacked_size(book: zipfile.ZipFile, name: str) -> None:
    """Unpack every member to nowhere, counting: a zip bomb stops at the limit, whatever
    sizes its directory claims."""
    limit = settings.IMPORT_MAX_UNPACKED_BYTES
    total = 0
    for info in book.infolist():
        if info.file_size > limit:
            raise _bomb(name)
        try:
            with book.open(info) as member:
                while chunk := member.read(1 << 20):
                    total += len(chunk)
                    if total > limit:
                        raise _bomb(name)
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as exc:
            raise FileRefused(_("「%(n)s」已损坏，无法解压。") % {"n": name}) from exc


def _bomb(name: str) -> FileRefused:
    return FileRefused(_("「%(n)s」解压后超过 %(l)d MB，可能是恶意构造的压缩文件，已拒绝。") % {
        "n": name, "l": settings.IMPORT_MAX_UNPACKED_BYTES // 1_048_576})


def _read_member(book: zipfile.ZipFile, member: str) -> bytes:
    return book.read(member)


def _sheets(book: zipfile.ZipFile) -> list[tuple[str, str, str]]:
    """(title, member path, state) of every worksheet, in workbook order."""
    workbook = ET.fromstring(book.read("xl/workbook.xml"))
    rels_path = "xl/_rels/workbook.xml.rels"
    targets: dict[str, str] = {}
    if rels_path in book.namelist():
        for rel in ET.fromstring(book.read(rels_path)).findall("rel:Relationship", NS):
            target = rel.get("Target", "")
            target = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            targets[rel.get("Id", "")] = target
    out = []
    for sheet in workbook.findall("m:sheets/m:sheet", NS):
        rid = sheet.get(f"{{{NS['r']}}}id", "")
        target = targets.get(rid, "")
        if "worksheets/" not in target:
            continue  # chart sheets and the like hold no rows
        out.append((sheet.get("name", ""), target, sheet.get("state", "visible")))
    return out


def _calamine_sheet(path: Path, name: str, title: str, formulas: set[tuple[int, int]]) -> Sheet:
    import python_calamine

    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
        sheet = book.get_sheet_by_name(title)
        rows = sheet.to_python(skip_empty_area=False)
    except Exception as exc:  # calamine raises its own error types for broken files
        raise FileRefused(_("「%(n)s」无法读取："
            "文件已损坏或不是 Excel 文件。") % {"n": name}) from exc
    return Sheet(name=title, rows=iter(rows), formulas=formulas, total_rows=len(rows))


def _csv_sheet(path: Path, name: str) -> Sheet:
    raw = path.read_bytes()
    if b"\x00" in raw[:4096]:
        raise FileRefused(_("「%(n)s」不是文本格式的 CSV 文件。") % {"n": name})
    for encoding in ("utf-8-sig", "gb18030"):  # Excel in China saves CSV as GBK
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise FileRefused(_("「%(n)s」的文字编码无法识别，"
            "请另存为 UTF-8 编码的 CSV。") % {"n": name})
    # A text the platform's own CSV export put behind an apostrophe (a value that begins like
    # a formula, xiezuo/core/export.py) reads back as it was.
    rows = [[restore_cell(cell) for cell in row] for row in csv.reader(io.StringIO(text))]
    return Sheet(name=name, rows=iter(rows), total_rows=len(rows))
