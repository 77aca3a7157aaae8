"""Export of a filtered ledger list: CSV streamed row by row, Excel written in constant memory.

Headers carry units, amounts are exact in the user's unit, and a totals row closes the sheet.
No cell can run as a formula: CSV texts that begin like one are put behind an apostrophe
(``core/export.py``); Excel cells are written as strings or numbers, never as formulas.
"""

from __future__ import annotations

import datetime as dt
import io
import tempfile
from collections.abc import Iterator
from decimal import Decimal
from typing import IO, Any

from django.db import models
from django.utils.translation import gettext as _

from xiezuo.core.export import SafeWriter
from xiezuo.core.money import SYMBOL, in_unit
from xiezuo.ledgers.declare import Column, Ledger

CHUNK = 2000


def _columns(ledger: type[Ledger], unit: str) -> list[tuple[Column, str]]:
    out = []
    for c in ledger.columns:
        header = c.header(ledger.model)
        if c.is_money:
            header = f"{c.label or header}（{SYMBOL[_unit(c, unit)]}）"
        out.append((c, header))
    return out


def _unit(column: Column, unit: str) -> str:
    """The column's own unit when it fixes one (a monthly income in 元), else the user's."""
    return getattr(column, "money_unit", "") or unit


def _cell(column: Column, value: Any, unit: str) -> Any:
    if value is None:
        return ""
    if column.is_money:  # plain digits: 10, not 1E+1
        return Decimal(format(in_unit(Decimal(value), _unit(column, unit)), "f"))
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date | int | Decimal | float):
        return value
    return str(value)


def _rows(rows: models.QuerySet[Any]) -> Iterator[Any]:
    """Every row, fetched in chunks so memory stays flat whatever the count."""
    return rows.iterator(chunk_size=CHUNK)


def _totals(
    ledger: type[Ledger], rows: Any, cols: list[tuple[Column, str]], unit: str
) -> list[Any]:
    sums = ledger.totals(rows)
    line: list[Any] = []
    for i, (c, _h) in enumerate(cols):
        if c.path in sums and sums[c.path] is not None:
            line.append(_cell(c, sums[c.path], unit))
        else:
            line.append(_("合计") if i == 0 else "")
    return line


def csv_rows(ledger: type[Ledger], rows: Any, unit: str, personal_ok: bool = False
             ) -> Iterator[str]:
    """Personal data (ID numbers, phones) is masked unless ``personal_ok``."""
    cols = _columns(ledger, unit)
    buffer = io.StringIO()
    writer = SafeWriter(buffer)  # no cell a spreadsheet would run as a formula

    def flush() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate(0)
        return text

    writer.writerow([h for _c, h in cols])
    yield "\ufeff" + flush()  # BOM: Excel opens UTF-8 CSV correctly
    for n, obj in enumerate(_rows(rows), 1):
        writer.writerow([_cell(c, c.shown(obj, personal_ok), unit) for c, _h in cols])
        if n % 500 == 0:
            yield flush()
    writer.writerow(_totals(ledger, rows, cols, unit))
    yield flush()


def xlsx_file(ledger: type[Ledger], rows: Any, unit: str, personal_ok: bool = False
              ) -> IO[bytes]:
    """Write the sheet to a temporary file (constant memory) and return it opened.
    Personal data is masked unless ``personal_ok``."""
    import xlsxwriter

    handle = tempfile.TemporaryFile(suffix=".xlsx")
    book = xlsxwriter.Workbook(handle, {"constant_memory": True, "in_memory": False,
                                        "tmpdir": tempfile.gettempdir()})
    sheet = book.add_worksheet(str(ledger.model._meta.verbose_name_plural)[:31])
    head = book.add_format({"bold": True, "bg_color": "#F2F2F2", "border": 1})
    money = book.add_format({"num_format": "#,##0.00####"})
    date = book.add_format({"num_format": "yyyy-mm-dd"})
    bold = book.add_format({"bold": True, "top": 1})
    bold_money = book.add_format({"bold": True, "top": 1, "num_format": "#,##0.00####"})
    cols = _columns(ledger, unit)
    for j, (_c, header) in enumerate(cols):
        sheet.write_string(0, j, header, head)
        sheet.set_column(j, j, max(10, min(40, len(header) * 2)))
    sheet.freeze_panes(1, 0)
    i = 0
    for i, obj in enumerate(_rows(rows), 1):
        for j, (c, _h) in enumerate(cols):
            value = _cell(c, c.shown(obj, personal_ok), unit)
            if isinstance(value, Decimal):
                sheet.write_number(i, j, float(value), money if c.is_money else None)
            elif isinstance(value, int | float):
                sheet.write_number(i, j, value)
            elif isinstance(value, dt.date):
                sheet.write_datetime(i, j, dt.datetime.combine(value, dt.time()), date)
            else:
                sheet.write_string(i, j, str(value))
    for j, value in enumerate(_totals(ledger, rows, cols, unit)):
        if isinstance(value, Decimal | int):
            sheet.write_number(i + 1, j, float(value), bold_money)
        else:
            sheet.write_string(i + 1, j, str(value), bold)
    book.close()
    handle.seek(0)
    return handle
