"""``manage.py news``: the report reader's engine from the command line.

- ``clean FILE``: the cleaned text, one output line per input line (a dropped
  line stays empty), so that line k of the output is line k of the input.
- ``extract FILE...``: one JSON object per file (JSON Lines), with ``file`` and the
  record's keys. Works offline and without the web server or a database.
- ``evaluate DIR [--seeds]``: per-field precision / recall / F1 against the
  annotated reports of DIR (``--seeds`` also scores the development seeds).
- ``dedup DIR``: clusters of near-duplicate reports, one event with its sources.
- ``ingest DIR``: the reports of DIR into the review queue (progress on stderr;
  a report already there, by content hash, is skipped).

The command is a thin shell: the work is done by plain functions of ``xiezuo.news``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from xiezuo.news import clean as cleaning
from xiezuo.news import dedup, evaluate
from xiezuo.news.extract import Reader

SEEDS_DIR = Path(__file__).resolve().parents[4].parent / "shared" / "corpus" / "seeds"


class Command(BaseCommand):
    help = ("Read reports: clean FILE | extract FILE... | evaluate DIR [--seeds] | dedup DIR"
            " | ingest DIR")

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        clean = sub.add_parser("clean", help="print the cleaned text, line for line")
        clean.add_argument("file")
        extract = sub.add_parser("extract", help="print one JSON record per file")
        extract.add_argument("files", nargs="+")
        score = sub.add_parser("evaluate", help="score against annotated reports")
        score.add_argument("directory")
        score.add_argument(
            "--seeds",
            nargs="?",
            const="",
            default=None,
            metavar="SEEDS_DIR",
            help="also score the seed reports (default: shared/corpus/seeds)",
        )
        group = sub.add_parser("dedup", help="print clusters of near-duplicate reports")
        group.add_argument("directory")
        queue = sub.add_parser("ingest", help="put the reports of DIR into the review queue")
        queue.add_argument("directory")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "clean":
            self._clean(Path(options["file"]))
        elif action == "extract":
            self._extract([Path(f) for f in options["files"]])
        elif action == "evaluate":
            self._evaluate(Path(options["directory"]), options["seeds"])
        elif action == "dedup":
            self._dedup(Path(options["directory"]))
        elif action == "ingest":
            self._ingest(Path(options["directory"]))

    def _require(self, path: Path, directory: bool = False) -> None:
        if (directory and not path.is_dir()) or (not directory and not path.is_file()):
            raise CommandError(f"not found: {path}")

    def _clean(self, path: Path) -> None:
        self._require(path)
        report = cleaning.clean_file(path)
        self.stdout.write("\n".join(report.simplified))

    def _extract(self, paths: list[Path]) -> None:
        reader = Reader.default()
        for path in paths:
            self._require(path)
            record = {"file": str(path), **reader.read(cleaning.clean_file(path))}
            self.stdout.write(json.dumps(record, ensure_ascii=False))

    def _evaluate(self, directory: Path, seeds: str | None) -> None:
        self._require(directory, directory=True)
        self.stdout.write(f"== {directory}")
        self.stdout.write(evaluate.evaluate_directory(directory).table())
        if seeds is not None:
            seeds_dir = Path(seeds) if seeds else SEEDS_DIR
            self._require(seeds_dir, directory=True)
            self.stdout.write(f"\n== {seeds_dir} (development seeds)")
            self.stdout.write(evaluate.evaluate_directory(seeds_dir).table())

    def _dedup(self, directory: Path) -> None:
        self._require(directory, directory=True)
        reader = Reader.default()
        docs = []
        for path in sorted(directory.glob("*.txt")):
            if path.name.endswith(".clean.txt"):
                continue
            report = cleaning.clean_file(path)
            docs.append(dedup.Document(path.name, report.text, reader.read(report)))
        for number, group in enumerate(dedup.cluster(docs), 1):
            record = group[0].record
            donors = "、".join(r["name"] for r in record.get("donor_regions", []))
            recipients = "、".join(r["name"] for r in record.get("recipient_regions", []))
            self.stdout.write(
                f"event {number}: {record.get('date') or '?'} {donors or '?'} → {recipients or '?'}"
                f" ({len(group)} source{'s' if len(group) > 1 else ''})"
            )
            for doc in group:
                self.stdout.write(f"  {doc.key}")

    def _ingest(self, directory: Path) -> None:
        from xiezuo.core.audit import Actor, acting_as
        from xiezuo.news.ingest import ingest, report_files

        self._require(directory, directory=True)
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
        self.stdout.write(
            f"ingested {len(outcome.created)}, already there {len(outcome.skipped)}")
