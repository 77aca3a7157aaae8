"""The ledger export's speed against a plain ``csv.writer`` over the same scoped query, side by
side in one run (see docs/BENCHMARKS.md).

    XIEZUO_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/xiezuo_bench \\
        uv run --frozen python bench/export_bench.py [--rows 60000] [--rounds 3]
    uv run --frozen python bench/export_bench.py --var DIR ...   # a SQLite dataset instead
    uv run --frozen python bench/export_bench.py --var DIR --memory 1000000   # peak memory
    uv run --frozen python bench/export_bench.py --var DIR --ledger labour.labourrecord \
        --user linxia_reviewer --records      # another ledger, as a user without personal data

On the dataset of ``bench/indicators_bench.py`` (``--scale 0.1`` holds 10^5 fund movements),
as the national administrator (``--user``), the fund ledger (``--ledger``: any ledger by its
model's label) filtered to its first ``--rows`` records by id (a range of ids), writes

- **plain**: ``csv.writer`` over ``values_list`` of the same fields, raw values (codes, not
  labels; yuan; no masking, no formula guard) — the floor;
- **CSV**: the ledger export (``export.csv_rows``), read as values;
- **CSV from records**: the same export made to read model records as it did before
  (``_plan`` off): every row a record with its related records and its audit snapshot;
- **plain xlsxwriter**: xlsxwriter in constant-memory mode, ``write_row`` of the same raw
  values (a date format on the date column) — the floor for xlsx through that library;
- **xlsx**: the Excel export (``export.xlsx_file``: values, ``core/xlsx_stream.py``), and from
  records (``--records`` also runs the slow exports from records).

``--var DIR`` reads the SQLite database under DIR (``bench/transfer_bench.py``'s dataset: its
``fill_movements``); ``--memory N`` exports the first N rows in CSV and in xlsx, each in a child
process, and prints the child's peak resident memory.

Each is the best of ``--rounds``, CPU seconds of the process (the database's own time is not
counted) and wall seconds; rows a second from CPU time.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def timed(rounds: int, work: Callable[[], Any]) -> tuple[float, float]:
    best = (float("inf"), float("inf"))
    for _ in range(rounds):
        cpu, wall = time.process_time(), time.perf_counter()
        work()
        best = min(best, (time.process_time() - cpu, time.perf_counter() - wall))
    return best


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=60_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--var", default="", help="the SQLite dataset's directory")
    parser.add_argument("--records", action="store_true",
                        help="also the exports from records (slow)")
    parser.add_argument("--memory", type=int, default=0,
                        help="peak memory of exporting this many rows, in child processes")
    parser.add_argument("--ledger", default="funds.fundmovement",
                        help="the ledger, by its model's label (default %(default)s)")
    parser.add_argument("--user", default="national",
                        help="who exports (default %(default)s, who may see personal data)")
    parser.add_argument("--child", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.var:
        os.environ["XIEZUO_VAR_DIR"] = args.var
    if args.memory and not args.child:
        memory(args)
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xiezuo.settings")
    import django

    django.setup()
    from django.db import connection

    from xiezuo.accounts.models import User
    from xiezuo.core.personal import may_see_personal_data
    from xiezuo.ledgers import export
    from xiezuo.ledgers.declare import declared_ledgers
    from xiezuo.ledgers.views import filtered

    ledger = declared_ledgers()[args.ledger]
    user = User.objects.get(username=args.user)
    personal_ok = may_see_personal_data(user)
    ids = filtered(ledger, user, {})[1].order_by("id").values_list("id", flat=True)
    have = ids.count()
    if have < args.rows:
        sys.exit(f"{args.user} sees {have} rows of {args.ledger}: build a larger dataset")
    last = ids[args.rows - 1]

    def scoped() -> Any:
        _fs, rows = filtered(ledger, user, {})
        return rows.filter(id__lte=last)

    plan = export._plan(ledger)
    assert plan is not None
    paths = plan[0]

    def plain() -> None:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(paths)
        for row in scoped().values_list(*paths).iterator(chunk_size=export.CHUNK):
            writer.writerow(row)
            if buffer.tell() > 1 << 20:
                buffer.seek(0)
                buffer.truncate(0)

    def ours_csv() -> None:
        for _chunk in export.csv_rows(ledger, scoped(), "wan", personal_ok):
            pass

    def ours_xlsx() -> None:
        export.xlsx_file(ledger, scoped(), "wan", personal_ok).close()

    def plain_xlsx() -> None:
        import tempfile

        import xlsxwriter

        with tempfile.TemporaryFile() as handle:
            book = xlsxwriter.Workbook(handle, {"constant_memory": True})
            sheet = book.add_worksheet()
            sheet.set_column(0, 0, 12, book.add_format({"num_format": "yyyy-mm-dd"}))
            sheet.write_row(0, 0, paths)
            for i, row in enumerate(
                    scoped().values_list(*paths).iterator(chunk_size=export.CHUNK), 1):
                sheet.write_row(i, 0, row)
            book.close()

    if args.child:
        import resource

        start = time.perf_counter()
        (ours_csv if args.child == "csv" else ours_xlsx)()
        print(f"{args.child}: {args.rows} rows in {time.perf_counter() - start:.1f} s wall, "
              f"peak resident memory "
              f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
        return

    def from_records(work: Callable[[], None]) -> Callable[[], None]:
        def run() -> None:
            saved = export._plan
            export._plan = lambda _ledger: None  # type: ignore[assignment]
            try:
                work()
            finally:
                export._plan = saved
        return run

    print(f"database: {connection.vendor}; python {platform.python_version()}; "
          f"{os.cpu_count()} cores; {args.ledger} as {args.user} (personal data "
          f"{'shown' if personal_ok else 'masked'}); {args.rows} rows, best of {args.rounds}; "
          f"load {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    results = {}
    runs = [("plain csv.writer", plain), ("CSV (values)", ours_csv),
            ("CSV from records (before)", from_records(ours_csv)),
            ("plain xlsxwriter", plain_xlsx), ("xlsx (values)", ours_xlsx),
            ("xlsx from records (before)", from_records(ours_xlsx))]
    for name, work in runs:
        if "records" in name and not args.records:
            continue
        cpu, wall = timed(args.rounds, work)
        results[name] = cpu
        print(f"{name:28}: {args.rows / cpu:9,.0f} rows/s CPU ({cpu:.2f} s CPU, "
              f"{wall:.2f} s wall)", flush=True)
    print(f"CSV against plain csv.writer: "
          f"{results['CSV (values)'] / results['plain csv.writer']:.2f}x the CPU time; "
          f"xlsx against plain xlsxwriter: "
          f"{results['xlsx (values)'] / results['plain xlsxwriter']:.2f}x the CPU time")
    print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


def memory(args: argparse.Namespace) -> None:
    """Each format in a child process of its own, so each peak is its own."""
    import subprocess

    print(f"{os.cpu_count()} cores; load {' '.join(f'{x:.1f}' for x in os.getloadavg())}",
          flush=True)
    for fmt in ("csv", "xlsx"):
        argv = [sys.executable, __file__, "--rows", str(args.memory), "--child", fmt,
                "--memory", str(args.memory), "--ledger", args.ledger, "--user", args.user]
        if args.var:
            argv += ["--var", args.var]
        subprocess.run(argv, check=True)
    print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
