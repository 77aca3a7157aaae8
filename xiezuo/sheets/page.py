"""What the reading page shows: the table as the office laid it out (merged cells merged),
each cell marked read, skipped or in error; the columns with their suggested fields; the
totals checked; and the import's answer put back on the office's cells."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from xiezuo.core.money import Unit
from xiezuo.core.xlsx_stream import column_letter
from xiezuo.sheets.forms import UNIT_CHOICES, required_names
from xiezuo.sheets.handoff import OfficeErrors, office_errors
from xiezuo.sheets.layout import ROLES
from xiezuo.sheets.reading import Reading
from xiezuo.transfer.parse import text_of

#: rows shown on the page; every row is read and imported
SHOWN_ROWS = 400

ROLE_LABELS: dict[str, Any] = {
    "title": _("标题"), "unit": _("单位行"), "header": _("表头"), "category": _("分类行"),
    "subtotal": _("小计"), "total": _("合计"), "footnote": _("注释"), "empty": _("空行"),
    "data": _("数据"),
}
KIND_LABELS: dict[str, Any] = {
    "serial": _("序号"), "text": _("文字"), "money": _("金额"), "count": _("数量"),
    "number": _("数值（不合计）"), "date": _("日期"), "empty": _("空列"),
}
PART_LABELS: dict[str, Any] = {"total": _("合计列（只核对）"), "part": _("分项"),
                               "of": _("其中数（不计入）")}
UNIT_SOURCES: dict[str, Any] = {"header": _("表头"), "unit line": _("单位行"),
                                "cells": _("单元格"), "assumed": _("推测，请核对"),
                                "person": _("人工选择")}


@dataclass
class Cell:
    text: str
    css: str
    rowspan: int = 1
    colspan: int = 1
    title: str = ""


@dataclass
class ShownRow:
    index: int
    number: int
    role: str
    corrected: bool
    cells: list[Cell]
    messages: list[str] = field(default_factory=list)


def can_confirm(job: Any) -> bool:
    return (job is not None and job.status == "preview" and not job.commit
            and job.invalid == 0 and (job.new + job.changed) > 0)


def context(upload: Any, reading: Reading, form: Any) -> dict[str, Any]:
    job = upload.job
    errors = office_errors(job.errors if job is not None else [], upload.row_map,
                           upload.field_map, reading.mapping) if job is not None else \
        OfficeErrors({}, {}, {})
    layout = reading.layout
    return {
        "upload": upload, "reading": reading, "layout": layout, "form": form,
        "rows": shown_rows(reading, errors), "more_rows": max(0, len(layout.rows) - SHOWN_ROWS),
        "columns": columns(reading), "letters": [column_letter(i)
                                                 for i in range(reading.grid.width)],
        "checks": checks(reading), "bad_checks": [c for c in layout.checks if not c.ok],
        "role_choices": [(r, ROLE_LABELS[r]) for r in ROLES],
        "unit_choices": UNIT_CHOICES, "field_choices": field_choices(reading),
        "required": required_names(form), "job": job, "errors": errors,
        "constant_errors": [(reading.spec[n].label if n in reading.spec else n, m)
                            for n, m in errors.constants.items()],
        "can_confirm": can_confirm(job) and not upload.confirmed_at,
        "record_count": len(reading.records),
        "reading_errors": sum(len(r.errors) for r in reading.records),
        "ledger_url": getattr(reading.importable, "list_url", ""),
    }


def field_choices(reading: Reading) -> list[tuple[str, str]]:
    return [("", str(_("（不导入）")))] + [
        (s.name, f"{s.label}{'（' + str(_('金额')) + '）' if s.kind == 'money' else ''}")
        for s in reading.specs]


def columns(reading: Reading) -> list[dict[str, Any]]:
    layout = reading.layout
    out = []
    for col in layout.columns:
        if col.kind == "empty":
            continue
        sample = next((text_of(layout.cells[r.index][col.index]) for r in layout.data_rows()
                       if text_of(layout.cells[r.index][col.index])), "")
        out.append({
            "index": col.index, "letter": column_letter(col.index), "label": col.label or "—",
            "kind": KIND_LABELS.get(col.kind, col.kind), "money": col.kind == "money",
            "unit": col.unit or "", "unit_source": UNIT_SOURCES.get(col.unit_source, ""),
            "assumed": col.unit_source == "assumed", "chosen": col.unit_source == "person",
            "unit_label": dict(Unit.choices).get(col.unit or "", ""),
            "part": PART_LABELS.get(col.part, ""),
            "field": reading.mapping.get(col.index, ""), "sample": sample[:30],
        })
    return out


def checks(reading: Reading) -> list[dict[str, Any]]:
    return [{"cell": f"{column_letter(c.column)}{c.row + 1}",
             "label": reading.layout.rows[c.row].label,
             "column": (reading.layout.column(c.column) or None),
             "published": c.published, "computed": c.computed, "ok": c.ok,
             "unit": dict(Unit.choices).get(c.unit or "", ""),
             "rows": _ranges([r + 1 for r in c.rows])} for c in reading.layout.checks]


def _ranges(numbers: list[int]) -> str:
    """[5, 6, 7, 9] → "5–7、9"."""
    out: list[str] = []
    start = prev = None
    for n in [*numbers, None]:
        if start is None:
            start = prev = n
        elif n is not None and prev is not None and n == prev + 1:
            prev = n
        else:
            out.append(f"{start}" if start == prev else f"{start}–{prev}")
            start = prev = n
    return "、".join(out)


def shown_rows(reading: Reading, errors: OfficeErrors) -> list[ShownRow]:
    layout = reading.layout
    grid = reading.grid
    covered: set[tuple[int, int]] = set()
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    for r0, c0, r1, c1 in grid.merges:
        spans[(r0, c0)] = (r1 - r0 + 1, c1 - c0 + 1)
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                if (r, c) != (r0, c0):
                    covered.add((r, c))
    by_record = {rec.row: rec for rec in reading.records}
    mapped = set(reading.mapping)
    out = []
    for row in layout.rows[:SHOWN_ROWS]:
        r = row.index
        record = by_record.get(r)
        cells = []
        for c in range(grid.width):
            if (r, c) in covered:
                continue
            rowspan, colspan = spans.get((r, c), (1, 1))
            rowspan = min(rowspan, SHOWN_ROWS - r) if r < SHOWN_ROWS else 1
            text = text_of(grid.rows[r][c])
            problems = list(errors.cells.get((r, c), []))
            if record is not None and c in record.errors \
                    and record.errors[c] not in problems:
                problems.insert(0, record.errors[c])
            note = layout.notes.get((r, c))
            title = "；".join(problems)
            if row.role != "data":
                css = f"skipped role-{row.role}"
            elif problems:
                css = "error"
            elif c in mapped or any(c == col.index and col.part == "of"
                                    for col in layout.columns):
                css = "read"
            else:
                css = "skipped"
            if note is not None and (note.note or note.parts) and not problems:
                title = str(_("单元格内的说明已保留：")) + note.note
            cells.append(Cell(text, css, rowspan, colspan, title))
        out.append(ShownRow(r, r + 1, row.role, row.corrected, cells,
                            errors.rows.get(r, [])))
    return out
