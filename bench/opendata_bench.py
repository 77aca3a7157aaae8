"""IATI export benchmark (see docs/BENCHMARKS.md).

    uv run python bench/opendata_bench.py --projects 10000 [--movements 5] [--validate]

Builds a fresh SQLite database in a temporary directory (the region registry, the demo offices
and pairings), writes that many projects straight to the table with ``--movements`` fund
movements each, then exports them as IATI XML and as JSON, each in a child process, and prints
the wall time, CPU time, peak memory (VmHWM), queries and size of each. ``--validate`` also
validates the XML against the vendored schema (which reads the whole file into memory).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup(var_dir: Path, fresh: bool) -> None:
    os.environ["XIEZUO_VAR_DIR"] = str(var_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xiezuo.settings")
    import django

    django.setup()
    if not fresh:
        return
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("regions", "load", verbosity=0)
    from xiezuo.accounts import demo as accounts
    from xiezuo.pairings import demo as pairings

    accounts.load()
    pairings.load()


def fill(projects: int, movements: int) -> None:
    from xiezuo.funds.models import FundMovement, MovementType
    from xiezuo.pairings.models import Pairing
    from xiezuo.projects.models import Project, Sector, Status
    from xiezuo.regions.models import Level

    rng = random.Random(2260)
    sectors = list(Sector.objects.all())
    pairings = list(Pairing.objects.filter(recipient__level=Level.COUNTY).select_related(
        "recipient"))
    statuses = list(Status)
    batch: list[Project] = []
    for i in range(projects):
        pairing = pairings[i % len(pairings)]
        year = pairing.start_date.year + rng.randrange(0, 3)
        batch.append(Project(pairing=pairing, region=pairing.recipient, year=year,
                             name=f"项目{i}",
                             township="城关镇", sector=rng.choice(sectors),
                             status=rng.choice(statuses), content="冷库建设",
                             budget_fiscal=Decimal(rng.randrange(10, 900) * 10_000)))
    Project.objects.bulk_create(batch, batch_size=1000)
    rows: list[FundMovement] = []
    kinds = [MovementType.ALLOCATION, MovementType.SPENDING, MovementType.SPENDING,
             MovementType.RETURN, MovementType.SPENDING]
    for p in Project.objects.all().iterator(chunk_size=2000):
        for k in range(movements):
            rows.append(FundMovement(
                pairing_id=p.pairing_id, region_id=p.region_id, year=p.year,
                date=dt.date(p.year, 3 + k % 9, 1), type=kinds[k % len(kinds)],
                amount=Decimal(rng.randrange(1, 100) * 1000), reported_by="recipient",
                project_id=p.pk))
        if len(rows) >= 20_000:
            FundMovement.objects.bulk_create(rows, batch_size=2000)
            rows = []
    FundMovement.objects.bulk_create(rows, batch_size=2000)


def export(fmt: str, out: Path) -> dict[str, float | int]:
    """In the child: the export of everything, as the command writes it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from xiezuo.opendata.iati import Export
    from xiezuo.projects.models import Project

    start, cpu = time.perf_counter(), time.process_time()
    data = Export(None, Project.objects.all())
    with CaptureQueriesContext(connection) as queries, out.open("wb") as f:
        for part in data.xml() if fmt == "xml" else data.json():
            f.write(part)
    return {"seconds": round(time.perf_counter() - start, 2),
            "cpu": round(time.process_time() - cpu, 2),
            "queries": len(queries), "bytes": out.stat().st_size,
            "peak_rss_mb": peak_rss_mb()}


def peak_rss_mb() -> float:
    """This process's peak resident memory: VmHWM, which (unlike ``ru_maxrss``, kept by Linux
    across exec) starts afresh in a child, so the parent's peak does not show."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--projects", type=int, default=10_000)
    parser.add_argument("--movements", type=int, default=5)
    parser.add_argument("--validate", action="store_true")
    parser.add_argument("--child", nargs=3, metavar=("VAR_DIR", "FMT", "OUT"))
    args = parser.parse_args()
    if args.child:
        var_dir, fmt, out = args.child
        setup(Path(var_dir), fresh=False)
        print(json.dumps(export(fmt, Path(out))))
        return
    with tempfile.TemporaryDirectory() as tmp:
        var = Path(tmp)
        setup(var, fresh=True)
        start = time.perf_counter()
        fill(args.projects, args.movements)
        print(f"filled {args.projects} projects × {args.movements} movements in "
              f"{time.perf_counter() - start:.1f} s")
        print(f"python {platform.python_version()}, load {os.getloadavg()}")
        for fmt in ("xml", "json"):
            out = var / f"iati.{fmt}"
            child = subprocess.run(
                [sys.executable, __file__, "--child", str(var), fmt, str(out)],
                check=True, capture_output=True, text=True)
            print(fmt, child.stdout.strip())
        if args.validate:
            from xiezuo.opendata.validate import errors

            start = time.perf_counter()
            found = errors((var / "iati.xml").read_bytes())
            print(f"validated in {time.perf_counter() - start:.1f} s: "
                  f"{'valid' if not found else found[:3]}")
        print(f"load after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
