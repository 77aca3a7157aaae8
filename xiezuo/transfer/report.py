"""A copy of an uploaded sheet with the bad cells highlighted and commented, and a last
column that says, row by row, what is wrong."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections import defaultdict
from typing import IO, Any

from django.utils.translation import gettext as _

from xiezuo.transfer.engine import Result


def annotated_copy(result: Result) -> IO[bytes]:
    import xlsxwriter

    handle = tempfile.TemporaryFile(suffix=".xlsx")
    book = xlsxwriter.Workbook(handle, {"constant_memory": True, "in_memory": False,
                                        "tmpdir": tempfile.gettempdir()})
    sheet = book.add_worksheet((result.sheet_name or _("导入数据"))[:31])
    bad = book.add_format({"bg_color": "#FFC7CE", "font_color": "#9C0006", "border": 1,
                           "border_color": "#C00000"})
    bad_date = book.add_format({"bg_color": "#FFC7CE", "font_color": "#9C0006",
                                "num_format": "yyyy-mm-dd"})
    date = book.add_format({"num_format": "yyyy-mm-dd"})
    note = book.add_format({"font_color": "#C00000", "text_wrap": True})
    head = book.add_format({"bold": True, "bg_color": "#F2F2F2", "border": 1})
    by_cell: dict[tuple[int, int], list[str]] = defaultdict(list)
    by_row: dict[int, list[str]] = defaultdict(list)
    for e in result.errors:
        if e.col is not None:
            by_cell[(e.row - 1, e.col)].append(e.message)
        by_row[e.row - 1].append(f"{e.header}：{e.message}" if e.header else e.message)
    width = max((len(r) for r in result.rows), default=0)
    for i, row in enumerate(result.rows):
        for j, value in enumerate(row):
            messages = by_cell.get((i, j))
            style = (bad_date if isinstance(value, dt.date) else bad) if messages else (
                date if isinstance(value, dt.date) else None)
            _write(sheet, i, j, value, style)
            if messages:
                sheet.write_comment(i, j, "\n".join(messages), {"x_scale": 2, "y_scale": 1.5})
        for j in range(len(row), width):
            if (i, j) in by_cell:
                sheet.write_blank(i, j, None, bad)
                sheet.write_comment(i, j, "\n".join(by_cell[(i, j)]))
        if i in by_row:
            sheet.write_string(i, width, "；".join(by_row[i]), note)
        elif i == 0:
            sheet.write_string(i, width, _("错误说明"), head)
    sheet.set_column(width, width, 60)
    book.close()
    handle.seek(0)
    return handle


def _write(sheet: Any, i: int, j: int, value: Any, style: Any) -> None:
    if value is None or value == "":
        sheet.write_blank(i, j, None, style)
    elif isinstance(value, bool):
        sheet.write_boolean(i, j, value, style)
    elif isinstance(value, int | float):
        sheet.write_number(i, j, value, style)
    elif isinstance(value, dt.datetime):
        sheet.write_datetime(i, j, value, style)
    elif isinstance(value, dt.date):
        sheet.write_datetime(i, j, dt.datetime.combine(value, dt.time()), style)
    else:
        sheet.write_string(i, j, str(value), style)
