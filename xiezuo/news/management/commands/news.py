"""``manage.py news``: the report reader's engine from the command line.

``clean``, ``extract``, ``evaluate`` and ``dedup`` are the plain functions of
``xiezuo.news.cli`` (which the ``xiezuo`` command runs without starting Django: see there);
``ingest DIR`` puts the reports of DIR into the review queue (progress on stderr; a report
already there, by content hash, is skipped).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from xiezuo.news import cli


class Command(BaseCommand):
    help = ("Read reports: clean FILE | extract FILE... | evaluate DIR... [--seeds] | dedup DIR"
            " | ingest DIR")
    requires_system_checks: list[str] = []  # files in, text out: nothing of the site is used

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        cli.add_actions(sub)
        queue = sub.add_parser("ingest", help="put the reports of DIR into the review queue")
        queue.add_argument("directory")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "ingest":
            self._ingest(Path(options["directory"]))
            return
        try:
            cli.run(argparse.Namespace(**options), self.stdout.write)
        except cli.CommandFailed as exc:
            raise CommandError(str(exc)) from exc

    def _ingest(self, directory: Path) -> None:
        from xiezuo.core.audit import Actor, acting_as
        from xiezuo.news.ingest import ingest, report_files

        if not directory.is_dir():
            raise CommandError(f"not found: {directory}")
        paths = report_files(directory)
        total = len(paths)

        def progress(done: int, name: str) -> None:
            width = 30
            filled = width * done // total if total else width
            self.stderr.write(
                f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {name[:40]:<40}",
                ending="")
            self.stderr.flush()

        with acting_as(Actor(None, "news ingest")):
            outcome = ingest(((p.name, p.read_bytes()) for p in paths), progress)
        if total:
            self.stderr.write("")
        for name, reason in outcome.refused:
            self.stderr.write(f"refused {name}: {reason}")
        self.stdout.write(
            f"ingested {len(outcome.created)}, already there {len(outcome.skipped)}")
