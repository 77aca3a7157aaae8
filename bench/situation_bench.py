"""Monthly situation report benchmark (see docs/BENCHMARKS.md).

    uv run python bench/situation_bench.py                  # 20,000 rows per ledger
    uv run python bench/situation_bench.py --rows 100000

Runs on a fresh SQLite database in a temporary directory (nothing of the instance is touched):
the region registry and the demo data of every app, then ``--rows`` fund movements, consumption
entries, problems and tasks spread over the demo counties and 2024. It times, best of three,
the report's figures (``report.build``) for a county month, a prefecture month and the country's
year, with the number of queries each takes, then the PDF and the Word file of the county month.
It prints the load average with the figures: the machine is shared.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup(var_dir: Path) -> None:
    os.environ["XIEZUO_VAR_DIR"] = str(var_dir)
    os.environ.pop("XIEZUO_DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xiezuo.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("regions", "load", verbosity=0)
    with open(os.devnull, "w") as quiet:
        call_command("demo", verbosity=0, stdout=quiet)


def fill(rows: int, seed: int = 5) -> None:
    from xiezuo.accounts.models import Office
    from xiezuo.checklists.models import Problem, Task
    from xiezuo.consumption.models import Consumption
    from xiezuo.funds.models import FundMovement
    from xiezuo.pairings.models import Pairing

    rng = random.Random(seed)
    pairings = list(Pairing.objects.filter(recipient__level="county", end_date__isnull=True)
                    .select_related("recipient"))
    office = Office.objects.exclude(region=None).first()

    def day() -> dt.date:
        return dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(366))

    def where() -> dict[str, Any]:
        p = rng.choice(pairings)
        return {"pairing": p, "region": p.recipient}

    FundMovement.objects.bulk_create(
        [FundMovement(**where(), year=2024, date=day(), reported_by="recipient",
                      type=rng.choice(["transfer", "allocation", "spending"]),
                      amount=Decimal(rng.randrange(10_000, 900_000))) for _ in range(rows)],
        batch_size=2000)
    Consumption.objects.bulk_create(
        [Consumption(**where(), date=day(), kind=rng.choice(["purchase", "help_sell"]),
                     buyer_type="government", buyer="机关食堂", channel="canteen",
                     category="meat_egg", product="羊肉",
                     amount=Decimal(rng.randrange(1000, 90000)))
         for _ in range(rows)], batch_size=2000)
    problems = []
    for _ in range(rows):
        found = day()
        due = found + dt.timedelta(days=rng.randrange(5, 60))
        cleared = found + dt.timedelta(days=rng.randrange(1, 90)) if rng.random() < .8 else None
        problems.append(Problem(**where(), description="问题", owner_office=office,
                                found_on=found, due_on=due, cleared_on=cleared,
                                clearing_note="已整改" if cleared else ""))
    Problem.objects.bulk_create(problems, batch_size=2000)
    Task.objects.bulk_create(
        [Task(**where(), year=2024, title="任务", owner_office=office, deadline=day())
         for _ in range(rows)], batch_size=2000)


def best(fn: Any, rounds: int = 3) -> tuple[float, Any]:
    times, out = [], None
    for _ in range(rounds):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return min(times), out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=20_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        setup(Path(tmp))
        started = time.perf_counter()
        fill(args.rows)
        print(f"filled {args.rows:,} rows × 4 ledgers in {time.perf_counter() - started:.1f} s")
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from xiezuo.indicators import compute as c
        from xiezuo.regions.models import Region
        from xiezuo.situation import report

        march = report.ReportPeriod.month(2024, 3)
        county = Region.objects.get(code="622901", valid_to__isnull=True)
        prefecture = Region.objects.get(code="622900", valid_to__isnull=True)
        cases = [("county month (临夏市 2024-03)", c.region_subject(county), march),
                 ("prefecture month (临夏州 2024-03)", c.region_subject(prefecture), march),
                 ("national year (2024)", c.region_subject(None),
                  report.ReportPeriod.parse("2024"))]
        data = None
        for label, subject, period in cases:
            with CaptureQueriesContext(connection) as queries:
                report.build(subject, period)
            seconds, out = best(lambda s=subject, p=period: report.build(s, p))
            data = data or out
            print(f"build {label:<36} {seconds * 1000:8.1f} ms  {len(queries):3d} queries")
        seconds, pdf = best(lambda: report.pdf(data))
        print(f"PDF  county month {seconds * 1000:8.1f} ms  {len(pdf) / 1024:.0f} KiB")
        seconds, docx = best(lambda: report.docx(data))
        print(f"Word county month {seconds * 1000:8.1f} ms  {len(docx) / 1024:.0f} KiB")
    print("load average: " + " ".join(f"{v:.2f}" for v in os.getloadavg()))


if __name__ == "__main__":
    main()
