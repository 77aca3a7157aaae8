"""``xiezuo sheets read FILE [--ledger projects|funds] [--sheet NAME]``: read an office's
table as the import page would, and print one JSON object: ``records`` (sheet row, values by
field, the row's money in yuan), ``skipped`` (sheet row, role), ``checks`` (every total and
subtotal against the rows it sums) and ``mapping`` (sheet column → field). Writes nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from xiezuo.transfer.workbook import FileRefused


class Command(BaseCommand):
    help = "Read an office's own table (xlsx, xls, ods, csv) and print what an import takes."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        read = sub.add_parser("read", help="print the reading of FILE as JSON")
        read.add_argument("file", type=Path)
        read.add_argument("--ledger", default="projects",
                          help="the ledger the rows are for: projects (default), funds, or any "
                               "ledger's name")
        read.add_argument("--sheet", default=None, help="the sheet to read (default: the first)")

    def handle(self, *args: Any, **options: Any) -> None:
        from xiezuo.sheets.reading import read

        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"no such file: {path}")
        try:
            reading = read(path, path.name, options["ledger"], options["sheet"])
        except LookupError as exc:
            raise CommandError(f"unknown ledger: {options['ledger']}") from exc
        except FileRefused as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(json.dumps(reading.as_json(), ensure_ascii=False, indent=1))
