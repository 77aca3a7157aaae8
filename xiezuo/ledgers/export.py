"""Export of a filtered ledger list: CSV streamed row by row, Excel written in constant memory.

Headers carry units, amounts are exact in the user's unit, and a totals row closes the sheet.
No cell can run as a formula: CSV texts that begin like one are put behind an apostrophe
(``core/export.py``); Excel cells are written as strings or numbers, never as formulas.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import operator
import tempfile
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import IO, Any

from django.db import models
from django.utils.translation import gettext as _

from xiezuo.core.export import _FORMULA_FIRST, SafeWriter, safe_cell
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


#: the values a cell keeps as they are (an amount's Decimal is converted to the unit)
_KEPT = frozenset({str, int, float, dt.date})


def _converter(column: Column, unit: str, guard: bool) -> Callable[[Any], Any]:
    """``_cell`` for one column, made once (``guard``: texts go through ``safe_cell``, for
    CSV); the rows call it only for values that are not kept as they are (see _finish)."""
    factor = FACTOR[_unit(column, unit)]
    yes, no = _("是"), _("否")

    def convert(value: Any) -> Any:
        kind = type(value)
        if kind is str:
            return safe_cell(value) if guard else value
        if kind is Decimal and column.is_money:
            return Decimal(format((value / factor).normalize(), "f"))
        if kind is bool:
            return yes if value else no
        cell = _cell(column, value, unit)  # a lazy label, a record's text: str() in _cell
        return safe_cell(cell) if guard and isinstance(cell, str) else cell

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


Getter = Callable[[tuple[Any, ...]], Any]
Plan = tuple[list[str], list[Getter | None], list[int]]


def _plan(ledger: type[Ledger]) -> Plan | None:
    """How to read the export from values instead of records: the field paths to fetch and,
    per column, where its value is in a fetched row and — when it is not just that value —
    how it is made (a choice's label, looked up in a table made once; ``combine``). None when
    a column needs a record (a ``render`` without ``fetch``, a property, a relation)."""
    paths: list[str] = []
    getters: list[Getter | None] = []
    first: list[int] = []
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
        first.append(places[0])
        getters.append(_getter(places, labels, c.combine))
    return paths, getters, first


def _getter(places: list[int], labels: dict[Any, str] | None,
            combine: Callable[..., Any] | None) -> Getter | None:
    if combine is not None:
        take = operator.itemgetter(*places)
        if len(places) == 1:
            return lambda row: combine(take(row))
        return lambda row: combine(*take(row))
    i = places[0]
    if labels is not None:
        return lambda row: labels.get(row[i], row[i])
    return None


def _records(ledger: type[Ledger], rows: Any, unit: str, personal_ok: bool,
             guard: bool = False) -> Iterator[list[Any]]:
    """Every row's cells as the user may see them (personal data masked unless
    ``personal_ok``, amounts in ``unit``, texts behind ``safe_cell`` when ``guard``): read as
    values when the columns allow (no record built, no audit snapshot taken), else from the
    records."""
    from xiezuo.core.personal import mask

    columns = ledger.columns
    converts = [_converter(c, unit, guard) for c in columns]
    # per column: the types kept as they are (not a money column's Decimal; None for CSV,
    # which csv.writer writes as an empty cell)
    base = _KEPT | {type(None)} if guard else _KEPT
    kept = [base if c.is_money else base | {Decimal} for c in columns]
    first = _FORMULA_FIRST if guard else frozenset()

    def finish(values: list[Any]) -> list[Any]:
        # the common cell (a text that starts like no formula, a number, a date) costs no call
        return [v if (t := type(v)) in keep and (t is not str or v[:1] not in first)
                else convert(v) for keep, convert, v in zip(kept, converts, values, strict=True)]

    plan = _plan(ledger)
    if plan is None:
        for obj in _rows(rows):
            yield finish([c.shown(obj, personal_ok) for c in columns])
        return
    paths, getters, places = plan
    take = operator.itemgetter(*places)
    specials: list[tuple[int, Getter]] = []
    for j, (c, get, i) in enumerate(zip(columns, getters, places, strict=True)):
        hide = c.personal and not personal_ok
        if get is None and not hide:
            continue
        made: Getter = get if get is not None else operator.itemgetter(i)
        specials.append((j, _masked(made, mask) if hide else made))
    for row in rows.prefetch_related(None).values_list(*paths).iterator(chunk_size=CHUNK):
        values = list(take(row)) if len(places) > 1 else [take(row)]
        for j, get in specials:
            values[j] = get(row)
        yield finish(values)


def _masked(get: Getter, mask: Callable[[Any], Any]) -> Getter:
    return lambda row: mask(get(row))


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
    plain = csv.writer(buffer)  # for the rows, whose texts _records guards itself

    def flush() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate(0)
        return text

    writer.writerow([h for _c, h in cols])
    yield "\ufeff" + flush()  # BOM: Excel opens UTF-8 CSV correctly
    for n, cells in enumerate(_records(ledger, rows, unit, personal_ok, guard=True), 1):
        plain.writerow(cells)
        if n % 500 == 0:
            yield flush()
    writer.writerow(_totals(ledger, rows, cols, unit))
    yield flush()


def xlsx_file(ledger: type[Ledger], rows: Any, unit: str, personal_ok: bool = False,
              progress: Callable[[int], None] | None = None) -> IO[bytes]:
    """Write the sheet to a temporary file (constant memory: rows go straight into the zipped
    sheet, ``core/xlsx_stream.py``) and return it opened. Personal data is masked unless
    ``personal_ok``; ``progress(n)`` is told every 5,000 rows."""
    from xiezuo.core import xlsx_stream as xs

    handle = tempfile.TemporaryFile(suffix=".xlsx")
    cols = _columns(ledger, unit)
    sheet = xs.SheetWriter(
        handle, str(ledger.model._meta.verbose_name_plural)[:31], [h for _c, h in cols],
        [max(10, min(40, len(h) * 2)) for _c, h in cols],
        [xs.MONEY if c.is_money else xs.PLAIN for c, _h in cols])
    write = sheet.write
    n = 0
    for n, cells in enumerate(_records(ledger, rows, unit, personal_ok), 1):
        write(cells)
        if progress is not None and n % 5000 == 0:
            progress(n)
    totals = _totals(ledger, rows, cols, unit)
    sheet.close(totals, [xs.TOTAL_MONEY if isinstance(v, Decimal | int) else xs.TOTAL
                         for v in totals])
    handle.seek(0)
    return handle
