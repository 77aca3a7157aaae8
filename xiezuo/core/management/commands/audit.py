"""The audit log: ``xiezuo audit verify`` walks the hash chain and names every edited,
inserted or deleted entry (exit status 1 when there is one); ``xiezuo audit export`` writes
the log (or a period of it) as CSV or JSON lines with each entry's position and digest, so
that an exported copy can be checked against the chain later."""

from __future__ import annotations

import datetime as dt
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from xiezuo.core.export import audit_rows, write_audit


class Command(BaseCommand):
    help = "Verify the audit log's hash chain, or export the log."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="what", required=True)
        sub.add_parser("verify", help="check every entry against the chain")
        export = sub.add_parser("export", help="write the log as CSV or JSON lines")
        export.add_argument("--since", type=dt.date.fromisoformat, help="YYYY-MM-DD")
        export.add_argument("--until", type=dt.date.fromisoformat, help="YYYY-MM-DD")
        export.add_argument("--format", choices=("csv", "jsonl"), default="csv")
        export.add_argument("--output", "-o", help="a file (default: standard output)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["what"] == "verify":
            self.verify()
        else:
            self.export(options)

    def verify(self) -> None:
        from xiezuo.core.chain import verify
        from xiezuo.core.models import AuditChainHead

        problems = list(verify())
        head = AuditChainHead.objects.filter(pk=1).first()
        for problem in problems:
            self.stderr.write(f"audit: {problem}")
        if problems:
            raise CommandError(f"the audit log's chain is broken: {len(problems)} problem(s)")
        self.stdout.write(f"audit: chain intact, {head.seq if head else 0} entries")

    def export(self, options: dict[str, Any]) -> None:
        rows = audit_rows(options["since"], options["until"])
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8", newline="") as handle:
                count = write_audit(rows, handle, options["format"])
            self.stderr.write(f"audit: {count} entries written to {options['output']}")
        else:
            write_audit(rows, sys.stdout, options["format"])
