"""The audit log's hash chain: what the serialising lock costs (see docs/BENCHMARKS.md).

    uv run python bench/audit_chain_bench.py --database postgresql://postgres@127.0.0.1:5432/postgres
    uv run python bench/audit_chain_bench.py                  # SQLite in a temporary folder

Creates a scratch database (PostgreSQL: ``xiezuo_bench_audit``, dropped afterwards; SQLite: a
temporary file), migrates it, then times side by side, for each of 1, 2, 4 and 8 threads
(each its own connection), ``--transactions`` short transactions per thread that each write
one audit row (what a form's save does):

- **plain**: the row inserted as before the chain (no position, no digest, no lock);
- **chained**: ``record_event`` — ``chain.seal`` takes the chain's head ``FOR UPDATE``,
  numbers and digests the row, and holds the head until commit.

and one transaction of ``--bulk`` rows (an import's audit rows) both ways. It prints rows a
second and the median and 95th-percentile transaction time, and the load average: the
machine is shared.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB_NAME = "xiezuo_bench_audit"


def setup(url: str | None, var_dir: Path) -> None:
    os.environ["XIEZUO_VAR_DIR"] = str(var_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xiezuo.settings")
    if url:
        import psycopg

        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME}")
            conn.execute(f"CREATE DATABASE {DB_NAME}")
        os.environ["XIEZUO_DATABASE_URL"] = url.rsplit("/", 1)[0] + "/" + DB_NAME
    else:
        os.environ.pop("XIEZUO_DATABASE_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def teardown(url: str | None) -> None:
    from django.db import connections

    connections.close_all()
    if url:
        import psycopg

        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME}")


def _entry(i: int) -> Any:
    from django.contrib.contenttypes.models import ContentType

    from xiezuo.core.models import AuditEntry
    from xiezuo.regions.models import Region

    return AuditEntry(actor_label="bench", action="update",
                      content_type=ContentType.objects.get_for_model(Region),
                      object_id=str(i), object_repr=f"行 {i}",
                      changes={"notes": ["", f"第 {i} 次修改"], "amount": ["1.00", "2.00"]})


def write_one(chained: bool, i: int) -> None:
    from django.db import transaction

    from xiezuo.core.models import AuditEntry, append_audit

    with transaction.atomic():
        if chained:
            append_audit([_entry(i)])
        else:
            AuditEntry.objects.bulk_create([_entry(i)])


def run(threads: int, per_thread: int, chained: bool) -> dict[str, float]:
    from django.db import connections

    times: list[float] = []
    lock = threading.Lock()
    barrier = threading.Barrier(threads)

    def work(t: int) -> None:
        mine = []
        write_one(chained, -1)  # connection opened before the clock starts
        barrier.wait()
        for n in range(per_thread):
            start = time.perf_counter()
            write_one(chained, t * per_thread + n)
            mine.append(time.perf_counter() - start)
        with lock:
            times.extend(mine)
        connections.close_all()

    workers = [threading.Thread(target=work, args=(t,)) for t in range(threads)]
    start = time.perf_counter()
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    wall = time.perf_counter() - start
    times.sort()
    return {"rows_per_s": len(times) / wall, "median_ms": statistics.median(times) * 1000,
            "p95_ms": times[int(len(times) * 0.95) - 1] * 1000}


def bulk(rows: int, chained: bool) -> float:
    from django.db import transaction

    from xiezuo.core.models import AuditEntry, append_audit

    entries = [_entry(i) for i in range(rows)]
    start = time.perf_counter()
    with transaction.atomic():
        if chained:
            append_audit(entries)
        else:
            AuditEntry.objects.bulk_create(entries, batch_size=500)
    return rows / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", help="postgresql://… of a server to make a scratch DB on")
    parser.add_argument("--transactions", type=int, default=200)
    parser.add_argument("--bulk", type=int, default=20_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="xiezuo-bench-") as tmp:
        setup(args.database, Path(tmp))
        try:
            from django.db import connection

            print(f"database: {connection.vendor}, load average {os.getloadavg()[0]:.2f}")
            print("threads | plain rows/s | chained rows/s | plain median / p95 ms | "
                  "chained median / p95 ms")
            for threads in (1, 2, 4, 8):
                plain = run(threads, args.transactions, chained=False)
                chained = run(threads, args.transactions, chained=True)
                print(f"{threads} | {plain['rows_per_s']:,.0f} | {chained['rows_per_s']:,.0f} | "
                      f"{plain['median_ms']:.2f} / {plain['p95_ms']:.2f} | "
                      f"{chained['median_ms']:.2f} / {chained['p95_ms']:.2f}")
            print(f"one transaction of {args.bulk:,} rows: plain {bulk(args.bulk, False):,.0f} "
                  f"rows/s, chained {bulk(args.bulk, True):,.0f} rows/s")
            from xiezuo.core.chain import verify

            started = time.perf_counter()
            problems = [p for p in verify() if p.seq is not None]  # plain rows have none
            total = connection.cursor()
            total.execute("SELECT COUNT(*) FROM core_auditentry WHERE seq IS NOT NULL")
            count = total.fetchone()[0]
            print(f"verify: {count:,} chained rows in {time.perf_counter() - started:.2f} s, "
                  f"{len(problems)} broken links")
            print(f"load average after: {os.getloadavg()[0]:.2f}")
        finally:
            teardown(args.database)


if __name__ == "__main__":
    main()
