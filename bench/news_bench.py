"""Clean + extract throughput of the report reader, one process, after start-up.

    python bench/news_bench.py [--rounds N] [DIR ...]

Reads every report (``*.txt`` but not ``*.clean.txt``) of the given directories
(default: the real reports beside the repository, ``shared/corpus/real`` and
``shared/corpus/seeds``), warms the tables up once, then cleans
and extracts every report ``N`` times (default ``ROUNDS``) and prints reports per
second of CPU time of this process (per core, so other work on the machine does not
count) and the CPU milliseconds per report, best of the rounds, with the average
report length: for all of them and by length class (short notices, medium reports,
full-length reports), since the cost of a report grows with its length. The
machine's load average is printed with the figures: CPU time is less sensitive to
other work than wall time, not immune; more rounds make the best of them steadier.

Every round reads the same texts anew. What the reader keeps between reports is tables of
characters, byte pairs, syllables and words, and the script of the last four documents it
repaired (rounds over five reports or more never find theirs there); a line's repair
scores are kept while that line is repaired, and nothing else of a text.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from xiezuo.news.clean import clean_text, decode_bytes  # noqa: E402
from xiezuo.news.extract import Reader  # noqa: E402

SHARED = ROOT.parent / "shared" / "corpus"
DEFAULT_DIRS = [SHARED / "real", SHARED / "seeds"]
ROUNDS = 20
CLASSES = (  # (label, shortest, longest) in characters
    ("short (< 800 characters)", 0, 800),
    ("medium (800-2,000)", 800, 2000),
    ("full-length (>= 2,000)", 2000, 10**9),
)


def load(directories: list[Path]) -> list[str]:
    texts = []
    for directory in directories:
        for path in sorted(directory.glob("*.txt")):
            if not path.name.endswith(".clean.txt"):
                texts.append(decode_bytes(path.read_bytes()))
    return texts


def run(texts: list[str], rounds: int) -> float:
    """Reports per CPU second for clean + extract, best of ``rounds`` rounds."""
    reader = Reader.default()
    for text in texts:  # start-up: load the tables, compile the patterns
        reader.read(clean_text(text))
    best = float("inf")
    for _ in range(rounds):
        start = time.process_time()
        for text in texts:
            reader.read(clean_text(text))
        best = min(best, time.process_time() - start)
    return len(texts) / best


def report(label: str, texts: list[str], rounds: int) -> None:
    rate = run(texts, rounds)
    average = sum(len(t) for t in texts) / len(texts)
    chars = rate * average / 1000
    print(
        f"{label}: {len(texts)} reports, {average:.0f} characters on average, "
        f"{rate:.0f} reports/s ({chars:.0f}k characters/s, {1000 / rate:.2f} ms a report) "
        "per core"
    )


def main(argv: list[str]) -> None:
    rounds = ROUNDS
    if argv[:1] == ["--rounds"]:
        rounds, argv = int(argv[1]), argv[2:]
    directories = [Path(a) for a in argv] or DEFAULT_DIRS
    texts = load(directories)
    if not texts:
        raise SystemExit("no reports found")
    print("load average: " + " ".join(f"{x:.2f}" for x in os.getloadavg()))
    print(f"clean + extract, {os.cpu_count()} cores, best of {rounds} rounds")
    report("all", texts, rounds)
    for label, shortest, longest in CLASSES:
        group = [t for t in texts if shortest <= len(t) < longest]
        if group:
            report(label, group, rounds)
    print("load average: " + " ".join(f"{x:.2f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main(sys.argv[1:])
