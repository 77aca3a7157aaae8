"""An office's table read for one ledger: its layout, a column → field mapping, and the
records its data rows give, each value normalised (money in yuan).

    reading = read(path, "02.xlsx", ledger="projects")
    reading.as_json()   # what ``xiezuo sheets read`` prints

This module asks the database only for the ledger's form (its fields) and, for the place
columns, the region registry; it writes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from xiezuo.core.xlsx_stream import column_letter
from xiezuo.sheets import mapping as mapping_rules
from xiezuo.sheets.grid import Grid, open_grid
from xiezuo.sheets.layout import SKIPPED_ROLES, Layout, read_layout
from xiezuo.sheets.values import clean_text, compact
from xiezuo.transfer import parse
from xiezuo.transfer.parse import ParseError
from xiezuo.transfer.spec import Converter, FieldSpec, Importable, importables

#: the ledgers a reading may name by their short name
DEFAULT_LEDGER = "projects"


def find_importable(name: str) -> type[Importable]:
    """A ledger by its namespace (projects, funds, people:cadres), model label
    (funds.fundmovement) or model name (fundmovement)."""
    found = importables()
    if name in found:
        return found[name]
    for key, importable in found.items():
        ledger = getattr(importable, "ledger", None)
        namespace = getattr(ledger, "namespace", "")
        if name in (namespace, namespace.replace(":", "."), key.split(".")[-1],
                    namespace.split(":")[-1]):
            return importable
    raise LookupError(name)


@dataclass
class Record:
    row: int  # 0-based row of the grid
    values: dict[str, Any]
    #: field → the column it came from
    sources: dict[str, int]
    amount_yuan: Decimal | None
    of_which: dict[str, Decimal] = field(default_factory=dict)
    #: column → what could not be read there
    errors: dict[int, str] = field(default_factory=dict)


@dataclass
class Reading:
    grid: Grid
    layout: Layout
    importable: type[Importable]
    specs: list[FieldSpec]
    #: column index → field name ("" or absent: not imported)
    mapping: dict[int, str]
    records: list[Record]

    @property
    def spec(self) -> dict[str, FieldSpec]:
        return {s.name: s for s in self.specs}

    def column_key(self, index: int) -> str:
        """A column as the JSON names it: its header as written (two levels joined with
        " / "), with its letter when two columns are headed alike or it has no header."""
        col = self.layout.column(index)
        label = col.label if col is not None else ""
        if not label:
            return column_letter(index)
        same = [c for c in self.layout.columns if c.label == label]
        return f"{label} ({column_letter(index)})" if len(same) > 1 else label

    def as_json(self) -> dict[str, Any]:
        return {
            "records": [{"row": r.row + 1, "values": {k: _json(v) for k, v in r.values.items()},
                         "amount_yuan": _json(r.amount_yuan),
                         **({"of_which": {k: _json(v) for k, v in r.of_which.items()}}
                            if r.of_which else {})}
                        for r in self.records],
            "skipped": [{"row": r.index + 1, "role": r.role} for r in self.layout.rows
                        if r.role in SKIPPED_ROLES],
            "checks": [{"row": c.row + 1, "column": column_letter(c.column),
                        "published": _json(c.published), "computed": _json(c.computed),
                        "ok": c.ok, "rows": [r + 1 for r in c.rows],
                        "unit": {"wan": "万元", "yuan": "元", "yi": "亿元"}.get(c.unit or "", "")}
                       for c in self.layout.checks],
            "mapping": {self.column_key(c.index): self.mapping.get(c.index) or None
                        for c in self.layout.columns if c.kind != "empty"},
        }


def _json(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "pk"):
        return str(value)
    return value


def read(path: Path, name: str, ledger: str | type[Importable] = DEFAULT_LEDGER,
         sheet: str | None = None, user: Any = None, *, mapping: dict[int, str] | None = None,
         roles: dict[int, str] | None = None, units: dict[int, str] | None = None,
         grid: Grid | None = None) -> Reading:
    """Read the file; ``mapping``/``roles``/``units`` are a person's corrections (a mapping
    given replaces the suggestion)."""
    importable = find_importable(ledger) if isinstance(ledger, str) else ledger
    grid = grid or open_grid(path, name, sheet)
    if sheet is None and len(grid.sheets) > 1 and not _has_table(grid):
        grid = next((g for g in (open_grid(path, name, other) for other in grid.sheets
                                 if other != grid.name) if _has_table(g)), grid)
    layout = read_layout(grid, roles, units)
    form = importable.make_form(user)
    specs = importable.field_specs(form)
    if mapping is None:
        mapping = mapping_rules.suggest(layout, specs, RegionMatcher(user))
    known = {s.name for s in specs}
    mapping = {i: f for i, f in mapping.items() if f in known}
    places = Places(Converter(importable, user, form))
    return Reading(grid, layout, importable, specs, mapping,
                   records(layout, specs, mapping, places))


class Places:
    """Place names as written (short, traditional, qualified, a code) resolved through the
    registry, the way the import's converter does (within the user's area when a name is
    shared): "東鄉縣" → "622926 东乡族自治县". Without a registry (a command run before
    setup) names stay as written."""

    def __init__(self, converter: Converter) -> None:
        self.converter = converter
        self.available = True

    def __call__(self, text: str, spec: FieldSpec) -> str:
        from django.db import DatabaseError

        if not self.available:
            return text
        try:
            region = self.converter.region(text, getattr(spec.field, "levels", None))
        except DatabaseError:
            self.available = False
            return text
        return f"{region.code} {region.name}"


def _has_table(grid: Grid) -> bool:
    """Whether a sheet holds a table (a header with rows under it), not only a note."""
    from xiezuo.sheets.layout import find_header

    header = find_header(grid)
    return bool(header) and header[-1] + 1 < grid.height


class RegionMatcher:
    """How many texts name a place of a field's levels, asked of the registry."""

    def __init__(self, user: Any) -> None:
        self.user = user

    def __call__(self, texts: list[str], spec: FieldSpec) -> int:
        from django.db import DatabaseError

        from xiezuo.regions.models import Region

        levels = getattr(spec.field, "levels", None)
        found = 0
        try:
            for text in texts:
                qs = Region.objects.lookup(text)
                if levels:
                    qs = qs.filter(level__in=levels)
                found += qs.exists()
        except DatabaseError:  # no registry (a command run before setup): by headers only
            return 0
        return found


def records(layout: Layout, specs: list[FieldSpec], mapping: dict[int, str],
            places: Any = None) -> list[Record]:
    by_name = {s.name: s for s in specs}
    out = []
    of_columns = [c for c in layout.columns if c.part == "of"]
    notes_free = "notes" in by_name and "notes" not in mapping.values()
    notes_by_row: dict[int, list[tuple[int, Any]]] = {}
    for (rr, c), note in layout.notes.items():
        notes_by_row.setdefault(rr, []).append((c, note))
    for row in layout.data_rows():
        r = row.index
        values: dict[str, Any] = {}
        sources: dict[str, int] = {}
        errors: dict[int, str] = {}
        of_which: dict[str, Decimal] = {}
        remarks: list[str] = []
        for index, name in sorted(mapping.items()):
            spec = by_name[name]
            sources[name] = index
            try:
                value = cell_value(layout, r, index, spec)
                if spec.kind == "region" and value and places is not None:
                    value = places(value, spec)
            except ParseError as exc:
                errors[index] = str(exc)
                continue
            if value is not None and value != "":
                values[name] = value
        for c, note in notes_by_row.get(r, []):
            if note.error and c in mapping:  # a column not imported is not read
                errors.setdefault(c, note.error)
            for label, yuan in note.parts.items():
                of_which[label] = of_which.get(label, Decimal(0)) + yuan
            if note.note and not note.parts:
                col = layout.column(c)
                remarks.append(f"{col.leaf if col else ''}：{note.note}")
        for col in of_columns:
            amount = layout.amounts.get((r, col.index))
            if amount is not None and amount.yuan:
                label = compact(col.leaf)
                for mark in ("其中：", "其中"):
                    label = label.removeprefix(mark)
                of_which[label or col.leaf] = of_which.get(label, Decimal(0)) + amount.yuan
        if of_which:
            remarks.insert(0, "其中：" + "，".join(
                f"{k}{_wan(v)}" for k, v in of_which.items()))
        if notes_free and remarks:
            values["notes"] = "；".join(remarks)
        out.append(Record(r, values, sources, layout.row_money(r), of_which, errors))
    return out


def _wan(yuan: Decimal) -> str:
    from xiezuo.core.money import format_amount

    return format_amount(yuan, "wan").replace(" ", "")


def cell_value(layout: Layout, row: int, col: int, spec: FieldSpec) -> Any:
    """A cell as the value its field takes: money in yuan, counts as integers, years,
    dates, yes/no; names and choices as text (the import's converter resolves them)."""
    cell = layout.cells[row][col]
    if cell is None or parse.text_of(cell) == "":
        return None
    kind = spec.kind
    if kind == "money":
        amount = layout.amounts.get((row, col))
        note = layout.notes.get((row, col))
        if note is not None and note.error:
            raise ParseError(note.error)
        if amount is None:
            return None
        if amount.yuan is None:
            raise ParseError(_("金额没有单位：请在页面上选择该列的单位。"))
        return amount.yuan
    if kind in ("int", "number"):
        amount = layout.amounts.get((row, col))
        number = amount.number if amount is not None else parse.parse_number(cell)
        if kind == "int":
            if number is None:
                return None
            if number != number.to_integral_value():
                raise ParseError(_("「%(v)s」应为整数。") % {"v": parse.text_of(cell)})
            return int(number)
        return number
    if kind == "year":
        return parse.parse_year(cell)
    if kind == "date":
        return parse.parse_date(cell)
    if kind == "bool":
        return parse.parse_bool(cell)
    return clean_text(cell)
