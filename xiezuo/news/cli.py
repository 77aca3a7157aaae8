"""``xiezuo news clean|extract|evaluate|dedup``: the reader's engine from the command line.

These four work on files alone (no database, no web server), so ``xiezuo`` runs them
without starting Django: the command starts in a fraction of a second instead of the
seconds that loading every app of the platform takes. ``xiezuo news ingest`` needs the
database and stays a management command (``management/commands/news.py``), which also
offers the four below through ``manage.py``.

- ``clean FILE``: the cleaned text, one output line per input line (a dropped line stays
  empty), so that line k of the output is line k of the input.
- ``extract FILE...``: one JSON object per file (JSON Lines), with ``file`` and the
  record's keys; a saved web page, a Word document or a PDF adds ``source`` (title,
  outlet, publication date and address, as the file gives them).
- ``evaluate DIR... [--seeds [DIR]]``: per-field precision / recall / F1 against the
  annotated reports of each DIR (``--seeds`` also scores the development seeds).
- ``dedup DIR``: clusters of near-duplicate reports, one event with its sources.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from xiezuo.news.clean import CleanedReport

ACTIONS = ("clean", "extract", "evaluate", "dedup")
SEEDS_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "seeds"


class CommandFailed(Exception):
    """A missing file or folder: the message goes to stderr, the exit status is 1."""


def add_actions(sub: argparse._SubParsersAction[Any]) -> None:
    """The four actions' sub-commands (the management command adds them to its own)."""
    clean = sub.add_parser("clean", help="print the cleaned text, line for line")
    clean.add_argument("file")
    extract = sub.add_parser("extract", help="print one JSON record per file")
    extract.add_argument("files", nargs="+")
    score = sub.add_parser("evaluate", help="score against annotated reports")
    score.add_argument("directories", nargs="+", metavar="directory")
    score.add_argument(
        "--seeds", nargs="?", const="", default=None, metavar="SEEDS_DIR",
        help="also score the seed reports (default: shared/corpus/seeds)",
    )
    group = sub.add_parser("dedup", help="print clusters of near-duplicate reports")
    group.add_argument("directory")


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="xiezuo news", description="Read reports.")
    add_actions(root.add_subparsers(dest="action", required=True))
    return root


def _require(path: Path, directory: bool = False) -> None:
    if (directory and not path.is_dir()) or (not directory and not path.is_file()):
        raise CommandFailed(f"not found: {path}")


def _read(path: Path) -> tuple[CleanedReport, dict[str, str]]:
    """The cleaned report of a file of any kind the reader takes, and what the file says
    of its source (empty for a text file, whose text says it all)."""
    from xiezuo.news.clean import clean_file, clean_text
    from xiezuo.news.sources import UnreadableUpload, read_upload, suffix

    _require(path)
    if suffix(path.name) in (".txt", ""):
        return clean_file(path), {}
    try:
        upload = read_upload(path.name, path.read_bytes())
    except UnreadableUpload as exc:
        raise CommandFailed(str(exc)) from exc
    source = {
        "title": upload.title, "outlet": upload.outlet,
        "published": upload.published.isoformat() if upload.published else "",
        "url": upload.url,
    }
    return clean_text(upload.text), {k: v for k, v in source.items() if v}


def clean(path: Path, out: Callable[[str], object]) -> None:
    report, _ = _read(path)
    out("\n".join(report.simplified))


def extract(paths: list[Path], out: Callable[[str], object]) -> None:
    from xiezuo.news.extract import Reader

    reader = Reader.default()
    for path in paths:
        report, source = _read(path)
        published = date.fromisoformat(source["published"]) if "published" in source else None
        record = {"file": str(path), **reader.read(report, published)}
        if source:
            record["source"] = source
        out(json.dumps(record, ensure_ascii=False))


def evaluate(directories: list[Path], seeds: str | None, out: Callable[[str], object]) -> None:
    from xiezuo.news.evaluate import evaluate_directory

    for directory in directories:
        _require(directory, directory=True)
    for directory in directories:
        out(f"== {directory}")
        out(evaluate_directory(directory).table())
    if seeds is not None:
        seeds_dir = Path(seeds) if seeds else SEEDS_DIR
        _require(seeds_dir, directory=True)
        out(f"\n== {seeds_dir} (development seeds)")
        out(evaluate_directory(seeds_dir).table())


def dedup(directory: Path, out: Callable[[str], object]) -> None:
    from xiezuo.news import dedup as clusters
    from xiezuo.news.clean import clean_file
    from xiezuo.news.extract import Reader

    _require(directory, directory=True)
    reader = Reader.default()
    docs = []
    for path in sorted(directory.glob("*.txt")):
        if path.name.endswith(".clean.txt"):
            continue
        report = clean_file(path)
        docs.append(clusters.Document(path.name, report.text, reader.read(report)))
    for number, group in enumerate(clusters.cluster(docs), 1):
        record = group[0].record
        donors = "、".join(r["name"] for r in record.get("donor_regions", []))
        recipients = "、".join(r["name"] for r in record.get("recipient_regions", []))
        out(
            f"event {number}: {record.get('date') or '?'} {donors or '?'} → {recipients or '?'}"
            f" ({len(group)} source{'s' if len(group) > 1 else ''})"
        )
        for doc in group:
            out(f"  {doc.key}")


def run(args: argparse.Namespace, out: Callable[[str], object]) -> None:
    """Do what ``args`` (parsed by ``parser()``) asks, writing lines with ``out``."""
    if args.action == "clean":
        clean(Path(args.file), out)
    elif args.action == "extract":
        extract([Path(f) for f in args.files], out)
    elif args.action == "evaluate":
        evaluate([Path(d) for d in args.directories], args.seeds, out)
    elif args.action == "dedup":
        dedup(Path(args.directory), out)


def main(argv: list[str], stdout: TextIO = sys.stdout, stderr: TextIO = sys.stderr) -> int:
    """``xiezuo news ACTION ...`` without Django; the exit status."""
    args = parser().parse_args(argv)

    def out(line: str) -> None:
        stdout.write(line + "\n")

    try:
        run(args, out)
    except CommandFailed as exc:
        stderr.write(f"CommandError: {exc}\n")
        return 1
    return 0
