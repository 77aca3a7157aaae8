"""Lock check benchmark of the reporting chain (see docs/BENCHMARKS.md).

    uv run python bench/reporting_bench.py                 # 1,000 counties × 12 months
    uv run python bench/reporting_bench.py --counties 200 --rows 5000

Runs on a fresh SQLite database in a temporary directory (nothing of the instance is touched):
the region registry, the demo offices and pairings, then approved submissions (locks) for the
first ``--counties`` county-level regions over the twelve months of 2025, and ``--rows``
consumption rows spread over those counties and 2025–2026. It times

- ``check_row`` per row without an index (one indexed query a row, as a web form does);
- ``LockIndex.load()`` (every lock, one query) and ``check_row`` per row with the index active
  (as an import would, in memory);
- the same without any lock at all (what every deployment pays before its first approval).

It prints the load average with the figures: the machine is shared.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
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
    from xiezuo.accounts import demo as accounts
    from xiezuo.pairings import demo as pairings

    accounts.load()
    pairings.load()


def build(counties: int, rows: int, seed: int = 11) -> list[Any]:
    from django.utils import timezone

    from xiezuo.consumption.models import Consumption
    from xiezuo.pairings.models import Pairing
    from xiezuo.regions.models import Region
    from xiezuo.reporting.models import DataSet, Status, Submission
    from xiezuo.reporting.periods import Period

    rng = random.Random(seed)
    data_set = DataSet.objects.get(name="月度报送")
    regions = list(Region.objects.filter(level="county", valid_to__isnull=True)
                   .order_by("code")[:counties])
    now = timezone.now()
    subs = []
    for region in regions:
        for month in range(1, 13):
            period = Period.containing("monthly", dt.date(2025, month, 1))
            subs.append(Submission(data_set=data_set, region=region, region_key=region.scope_key,
                                   period_start=period.start, period_end=period.end,
                                   deadline=period.deadline(28), status=Status.APPROVED,
                                   approved_at=now))
    Submission.objects.bulk_create(subs, batch_size=2000)
    pairing = Pairing.objects.first()
    made = []
    for _ in range(rows):
        made.append(Consumption(
            pairing=pairing, region=rng.choice(regions),
            date=dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(700)), kind="purchase",
            buyer_type="government", buyer="机关食堂", channel="canteen", category="meat_egg",
            product="牛羊肉", amount=Decimal("1000")))
    Consumption.objects.bulk_create(made, batch_size=2000)
    return list(Consumption.objects.select_related("region"))


def per_row(rows: list[Any]) -> tuple[float, int]:
    from django.core.exceptions import ValidationError

    from xiezuo.ledgers.locks import check_row

    locked = 0
    start = time.perf_counter()
    for row in rows:
        try:
            check_row(row)
        except ValidationError:
            locked += 1
    return (time.perf_counter() - start) / len(rows) * 1e6, locked


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--counties", type=int, default=1000)
    parser.add_argument("--rows", type=int, default=20000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        setup(Path(tmp))
        from xiezuo.ledgers.locks import LockIndex
        from xiezuo.reporting.models import Submission

        rows = build(args.counties, args.rows)
        print(f"locks: {Submission.objects.count():,}  rows: {len(rows):,}  "
              f"load average: {os.getloadavg()[0]:.2f}")
        direct, locked = per_row(rows)
        print(f"check_row, one query a row:  {direct:8.1f} µs a row ({locked:,} locked)")
        loads = []
        for _ in range(3):
            start = time.perf_counter()
            index = LockIndex.load()
            loads.append(time.perf_counter() - start)
        print(f"LockIndex.load():            {statistics.median(loads) * 1000:8.1f} ms")
        with index.active():
            indexed, locked_i = per_row(rows)
        assert locked_i == locked
        print(f"check_row, index active:     {indexed:8.1f} µs a row ({locked_i:,} locked)")
        Submission.objects.all().delete()
        with LockIndex.load().active():
            empty, _n = per_row(rows)
        print(f"check_row, no lock anywhere: {empty:8.1f} µs a row (index active)")
        none, _n = per_row(rows)
        print(f"check_row, no lock, no index:{none:8.1f} µs a row")
        print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
