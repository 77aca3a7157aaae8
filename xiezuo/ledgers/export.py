"""Export of a filtered ledger list: CSV streamed row by row, Excel written in constant memory.

Headers carry units, amounts are exact in the user's unit, and a totals row closes the sheet.
No cell can run as a formula: CSV texts that begin like one are put behind an apostrophe
(``core/export.py``); Excel cells are written as strings or numbers, never as formulas.
"""

from __future__ import annotations

import datetime as dt
import io
import tempfile
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import IO, Any

from django.db import models
from django.utils.translation import gettext as _

from xiezuo.core.export import SafeWriter
from xiezuo.core.money import FACTOR, SYMBOL, in_unit
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


def _converter(column: Column, unit: str) -> Callable[[Any], Any]:
    """``_cell`` for one column, made once: the conversion of each type of value is looked up
    by the value's type (a row of a large export costs a dictionary lookup a cell)."""
    factor = FACTOR[_unit(column, unit)]

    def money(value: Decimal) -> Decimal:
        return Decimal(format((value / factor).normalize(), "f"))

    def same(value: Any) -> Any:
        return value

    table: dict[type, Callable[[Any], Any]] = {type(None): lambda value: ""}
    if column.is_money:
        table[Decimal] = money
    else:
        yes, no = _("是"), _("否")
        table.update({str: same, int: same, float: same, Decimal: same, dt.date: same,
                      bool: lambda value: yes if value else no,
                      dt.datetime: lambda value: value.strftime("%Y-%m-%d %H:%M")})

    def convert(value: Any) -> Any:
        found = table.get(type(value))
        return found(value) if found is not None else _cell(column, value, unit)

    return convert


def _rows(rows: models.QuerySet[Any]) -> Iterator[Any]:
    """Every row, fetched in chunks so memory stays flat whatever the count."""
    return rows.iterator(chunk_size=CHUNK)


def _field(model: type[models.Model], path: str) -> Any:
    """The concrete, non-relation field ``path`` names through forward foreign keys, or None
    (a property, a method, a relation, a reverse or many-to-many step)."""
    current: Any = model
    parts = path.split("__")
    for n, part in enumerate(parts):
        try:
            f = current._meta.get_field(part)
        except Exception:
            return None
        if n == len(parts) - 1:
            return None if f.is_relation or not f.concrete else f
        if not (f.many_to_one or f.one_to_one) or not f.concrete:
            return None
        current = f.related_model
    return None


Plan = tuple[list[str], list[Callable[[tuple[Any, ...]], Any]]]


def _plan(ledger: type[Ledger]) -> Plan | None:
    """How to read the export from values instead of records: the field paths to fetch and,
    per column, how its value is made from a fetched row (choice labels mapped once). None
    when a column needs a record (a ``render`` without ``fetch``, a property, a relation)."""
    paths: list[str] = []
    getters: list[Callable[[tuple[Any, ...]], Any]] = []
    for c in ledger.columns:
        labels: dict[Any, str] | None = None
        if c.fetch:
            fetch = c.fetch
        elif c.render is not None:
            return None
        else:
            f = _field(ledger.model, c.path)
            if f is None:
                return None
            fetch = (c.path,)
            labels = {k: str(v) for k, v in f.flatchoices} if f.choices else None
        places = []
        for p in fetch:
            if p not in paths:
                paths.append(p)
            places.append(paths.index(p))
        getters.append(_getter(places, labels, c.combine))
    return paths, getters


def _getter(places: list[int], labels: dict[Any, str] | None,
            combine: Callable[..., Any] | None) -> Callable[[tuple[Any, ...]], Any]:
    if combine is not None:
        return lambda row: combine(*(row[i] for i in places))
    i = places[0]
    if labels is not None:
        return lambda row: labels.get(row[i], row[i])
    return lambda row: row[i]


def _records(ledger: type[Ledger], rows: Any, unit: str, personal_ok: bool
             ) -> Iterator[list[Any]]:
    """Every row's cells as the user may see them (personal data masked unless
    ``personal_ok``, amounts in ``unit``): read as values when the columns allow (no record
    built, no audit snapshot taken), else from the records."""
    from xiezuo.core.personal import mask

    converts = [_converter(c, unit) for c in ledger.columns]
    hidden = [c.personal and not personal_ok for c in ledger.columns]
    plan = _plan(ledger)
    if plan is None:
        pairs = list(zip(ledger.columns, converts, strict=True))
        for obj in _rows(rows):
            yield [convert(c.shown(obj, personal_ok)) for c, convert in pairs]
        return
    paths, getters = plan
    cells = [_masked(get, convert, mask) if hide else _then(get, convert)
             for get, convert, hide in zip(getters, converts, hidden, strict=True)]
    for row in rows.prefetch_related(None).values_list(*paths).iterator(chunk_size=CHUNK):
        yield [cell(row) for cell in cells]


def _then(get: Callable[[Any], Any], convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return lambda row: convert(get(row))


def _masked(get: Callable[[Any], Any], convert: Callable[[Any], Any],
            mask: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return lambda row: convert(mask(get(row)))


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
    for n, cells in enumerate(_records(ledger, rows, unit, personal_ok), 1):
        writer.writerow(cells)
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
    for i, cells in enumerate(_records(ledger, rows, unit, personal_ok), 1):
        for j, (c, _h) in enumerate(cols):
            value = cells[j]
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
