"""Handing a reading to the import machinery, and its answers back to the office's cells.

The narrowest interface ``transfer`` offers is its own import file: a header row of the
ledger's field labels and one row per record. The reading is written as such a sheet — a
``序号`` column holding the office's row number (the importer reads past it), one column per
mapped field with the normalised values (money in yuan under a "（元）" header), one per
constant field with the value entered once — and run as an ordinary ``TransferJob``: the
same form per row, all-or-nothing, the re-import that changes nothing, background jobs for
big files and the audit all apply unchanged. Errors come back by the import file's row and
column and are put back on the office's row and column (:func:`office_errors`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import models

from xiezuo.sheets.reading import Reading
from xiezuo.transfer import parse
from xiezuo.transfer.spec import FieldSpec
from xiezuo.transfer.workbook import Sheet

ROW_HEADER = "序号"  # an IGNORED_HEADERS column of the importer


@dataclass
class Handoff:
    sheet: Sheet
    #: the import file's columns after 序号: field names
    fields: list[str]
    #: the import file's data rows (0-based) → the office's rows (0-based)
    row_map: list[int]


def header_for(spec: FieldSpec) -> str:
    return f"{spec.label}（元）" if spec.kind == "money" else spec.label


def constant_text(spec: FieldSpec, value: Any) -> str:
    """A value from the constants form as the import's converter reads it."""
    if value is None or value == "":
        return ""
    if isinstance(value, models.Model):
        if spec.kind == "region":
            return str(getattr(value, "code", value.pk))
        return str(value.pk) if spec.kind == "pairing" else f"#{value.pk}"
    return cell_text(spec, value)


def cell_text(spec: FieldSpec, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def build(reading: Reading, constants: dict[str, str]) -> Handoff:
    """The import sheet of a reading: mapped columns and constants, in the form's order."""
    used = set(reading.mapping.values()) | {k for k, v in constants.items() if v != ""} | {
        name for record in reading.records for name in record.values}  # notes kept from cells
    specs = [s for s in reading.specs if s.name in used]
    fields = [s.name for s in specs]
    header = [ROW_HEADER] + [header_for(s) for s in specs]
    rows: list[list[Any]] = [header]
    row_map = []
    for record in reading.records:
        line: list[Any] = [str(record.row + 1)]
        for spec in specs:
            if constants.get(spec.name, "") != "":
                line.append(constants[spec.name])
                continue
            column = record.sources.get(spec.name)
            if column is not None and column in record.errors:
                # what could not be read goes as written: the importer names the cell
                line.append(parse.text_of(reading.layout.cells[record.row][column]))
            else:
                line.append(cell_text(spec, record.values.get(spec.name)))
        rows.append(line)
        row_map.append(record.row)
    sheet = Sheet(name=reading.grid.name, rows=iter(rows), total_rows=len(rows))
    return Handoff(sheet, fields, row_map)


def to_csv(sheet: Sheet) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in sheet.rows:
        writer.writerow([str(v).replace("\r\n", "\n").replace("\r", "\n") for v in row])
    return out.getvalue().encode("utf-8-sig")


def start(upload: Any, reading: Reading, constants: dict[str, str], user: Any) -> Any:
    """Write the import file and run it as a preview (at once for a small file, else by
    a background worker). Returns the job."""
    from xiezuo.transfer.models import Kind, Mode, TransferJob

    handoff = build(reading, constants)
    data = to_csv(handoff.sheet)
    name = f"{upload.original_name}.csv"[-200:]
    job = TransferJob(kind=Kind.IMPORT, target=reading.importable.key, user=user,
                      mode=Mode.UPSERT, original_name=name, size=len(data))
    job.upload.save(name, ContentFile(data), save=True)
    upload.job, upload.row_map, upload.field_map = job, handoff.row_map, handoff.fields
    upload.save(update_fields=["job", "row_map", "field_map"])
    run_or_queue(job)
    return job


def run_or_queue(job: Any) -> None:
    from xiezuo.transfer import jobs

    if job.size <= settings.IMPORT_INLINE_BYTES:
        jobs.run(job)
    else:
        jobs.enqueue(job)


@dataclass
class OfficeErrors:
    #: (row, column) of the office's table → messages
    cells: dict[tuple[int, int], list[str]]
    #: row → messages about the row as a whole
    rows: dict[int, list[str]]
    #: constant field → messages (with the office's rows they came up on)
    constants: dict[str, list[str]]

    def count(self) -> int:
        return sum(map(len, self.cells.values())) + sum(map(len, self.rows.values())) + sum(
            map(len, self.constants.values()))


def office_errors(errors: list[dict[str, Any]], row_map: list[int], fields: list[str],
                  mapping: dict[int, str]) -> OfficeErrors:
    """The importer's errors (its file's row and column letter) on the office's table."""
    by_field = {name: index for index, name in mapping.items() if name}
    found = OfficeErrors({}, {}, {})
    for error in errors:
        at = int(error.get("row") or 0) - 2  # the import file's header is its row 1
        if not 0 <= at < len(row_map):
            continue
        row = row_map[at]
        message = str(error.get("message", ""))
        letter = str(error.get("column") or "")
        field = ""
        if letter:
            index = _column_index(letter) - 1
            field = fields[index] if 0 <= index < len(fields) else ""
        if field and field in by_field:
            found.cells.setdefault((row, by_field[field]), []).append(message)
        elif field:
            found.constants.setdefault(field, []).append(f"{row + 1}: {message}")
        else:
            found.rows.setdefault(row, []).append(message)
    return found


def _column_index(letter: str) -> int:
    index = 0
    for ch in letter:
        index = index * 26 + ord(ch) - 64
    return index - 1
