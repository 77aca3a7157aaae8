"""What every file the platform writes for people to open shares: CSV cells that a
spreadsheet cannot run, an audit row for each export, and the audit log's own export.

**Formula injection.** Excel, WPS and LibreOffice run a CSV cell that begins with ``=``,
``+``, ``-`` or ``@`` (or a tab or carriage return before one) as a formula — a value typed
into a form or imported from a file could then run a command or send data away on the
computer of whoever opens the export. :func:`safe_cell` puts an apostrophe before such a
text, the convention these programs know for "this is text": the cell shows the value as
it was typed (Excel hides the apostrophe once the cell is edited; WPS shows it). Numbers
stay numbers: an amount, a count or a year is written as digits (``-1500.00`` reads as a
negative number and adds up), and a text that is a plain number (``-3``, ``+12.5``, ``1e3``)
is left alone, since a spreadsheet reads it as that number and runs nothing. The importer
reads an apostrophe put there by the export back as it was (``transfer/parse.py``), so an
exported list imports unchanged.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import IO, Any

#: what makes a spreadsheet read a cell as a formula (or hide one behind a control character)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
_FORMULA_FIRST = frozenset(FORMULA_START)  # each a single character
_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?%?")


def safe_cell(value: Any) -> Any:
    """``value`` as a CSV cell no spreadsheet will run: numbers as they are, a text that
    starts like a formula behind an apostrophe (see the module's note)."""
    if not isinstance(value, str) or len(value) < 2:  # "-" alone is a dash, not a formula
        return value
    if value[0] in _FORMULA_FIRST and not _NUMBER.fullmatch(value.strip()):
        return "'" + value
    return value


def restore_cell(value: str) -> str:
    """What :func:`safe_cell` was given, for a cell read back from an exported file."""
    if value.startswith("'") and safe_cell(value[1:]) == value:
        return value[1:]
    return value


class SafeWriter:
    """``csv.writer`` whose every cell goes through :func:`safe_cell`."""

    def __init__(self, handle: IO[str], **kwargs: Any) -> None:
        self._writer = csv.writer(handle, **kwargs)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([safe_cell(v) for v in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


# --- exports are audited --------------------------------------------------------------------

def record_export(model: Any, what: str, query: str, rows: int, personal: bool,
                  fmt: str) -> None:
    """One audit row for an export: which list and filter, how many rows, in which format,
    and whether personal data (ID numbers, phones) left unmasked; the actor is whoever is
    acting (the request's user, a job's owner)."""
    from django.utils.translation import gettext as _

    from xiezuo.core.models import record_event

    record_event(model, "", what, "export", {
        "query": [None, query[:2000]], "rows": [None, rows], "format": [None, fmt],
        "personal_data_unmasked": [None, personal]},
        _("导出含未脱敏个人信息") if personal else "")


# --- the audit log's own export ---------------------------------------------------------------

AUDIT_COLUMNS = ("seq", "digest", "at", "actor_id", "actor_label", "action", "content_type",
                 "object_id", "object_repr", "changes", "reason")


def audit_rows(since: dt.date | None = None,
               until: dt.date | None = None) -> Iterator[dict[str, Any]]:
    """The log's entries in chain order (optionally from ``since`` to ``until``, inclusive),
    as plain values with their position and digest."""
    from xiezuo.core.models import AuditEntry

    qs = AuditEntry.objects.select_related("content_type").order_by("seq", "id")
    if since:
        qs = qs.filter(at__date__gte=since)
    if until:
        qs = qs.filter(at__date__lte=until)
    for e in qs.iterator(chunk_size=2000):
        yield {"seq": e.seq, "digest": e.digest, "at": e.at.isoformat(),
               "actor_id": e.actor_id, "actor_label": e.actor_label, "action": e.action,
               "content_type": f"{e.content_type.app_label}.{e.content_type.model}",
               "object_id": e.object_id, "object_repr": e.object_repr,
               "changes": e.changes, "reason": e.reason}


def write_audit(rows: Iterable[dict[str, Any]], handle: IO[str], fmt: str = "csv") -> int:
    """Write audit entries as CSV (formula-safe) or JSON lines; returns how many."""
    count = 0
    if fmt == "jsonl":
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False, default=_plain) + "\n")
            count += 1
        return count
    writer = SafeWriter(handle)
    writer.writerow(AUDIT_COLUMNS)
    for row in rows:
        writer.writerow([json.dumps(row[c], ensure_ascii=False, default=_plain)
                         if c == "changes" else row[c] for c in AUDIT_COLUMNS])
        count += 1
    return count


def audit_csv(rows: Iterable[dict[str, Any]], chunk: int = 500) -> Iterator[str]:
    """The entries as CSV text (with a BOM for Excel), a chunk of rows at a time."""
    import io

    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = SafeWriter(buffer)
    writer.writerow(AUDIT_COLUMNS)
    for n, row in enumerate(rows, 1):
        writer.writerow([json.dumps(row[c], ensure_ascii=False, default=_plain)
                         if c == "changes" else row[c] for c in AUDIT_COLUMNS])
        if n % chunk == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate(0)
    yield buffer.getvalue()


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    return str(value)
