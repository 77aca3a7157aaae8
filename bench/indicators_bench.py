"""Dashboard and assessment benchmark at national scale (see docs/BENCHMARKS.md).

    uv run python bench/indicators_bench.py                      # SQLite, full scale
    uv run python bench/indicators_bench.py --scale 0.1          # a tenth of the rows
    uv run python bench/indicators_bench.py --reuse              # time the database built before
    XIEZUO_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/xiezuo_bench \\
        uv run python bench/indicators_bench.py                  # PostgreSQL

Builds a synthetic national dataset: about 1,000 county pairings under their prefecture and
province pairings (a quarter of the counties change donor district in 2021, as 济南 moved from
湘西 to 临夏, so a county has one pairing per period), 10 years, 10^5 projects, 10^6 fund
movements, 10^6 labour records and 10^6 consumption records (times ``--scale``), and the
pre-aggregated figures (``xiezuo indicators rebuild``). Then it times

- the province dashboard (a recipient province, cache bypassed, so computed from the
  pre-aggregated figures), ``--requests`` times, reporting median and p95, then served from
  the cache that ``warm_dashboards`` fills;
- a full national assessment run over every county pairing.

Where the data lives: SQLite in ``var/bench-indicators-<scale>/xiezuo.sqlite3`` under the
repository; PostgreSQL in the database the URL names (``xiezuo_bench``; created if missing).
Without ``--reuse`` the database is emptied and built again; with it, a database that already
holds the dataset is only migrated (and its pre-aggregated figures rebuilt when that table is
empty). ``--build-only`` stops after building.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

YEARS = list(range(2015, 2025))
DONORS = ["110000", "120000", "310000", "320000", "330000", "350000", "370000", "440000"]
RECIPIENTS = ["450000", "500000", "510000", "520000", "530000", "540000", "620000", "630000",
              "640000", "650000"]
BATCH = 20_000


def setup(var_dir: Path, reuse: bool) -> bool:
    """Configure Django on the bench database; True when it already holds a dataset."""
    os.environ["XIEZUO_VAR_DIR"] = str(var_dir)
    if os.environ.get("XIEZUO_DATABASE_URL"):
        create_database(os.environ["XIEZUO_DATABASE_URL"])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xiezuo.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.STORAGES = {**settings.STORAGES, "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    from xiezuo.indicators.models import AnnualTarget
    from xiezuo.pairings.models import Pairing

    if reuse and AnnualTarget.objects.exists():  # targets are written last
        return True
    if Pairing.objects.exists():  # start from empty tables, reference data again
        import importlib

        from django.apps import apps

        from xiezuo.indicators import catalogue

        call_command("flush", interactive=False, verbosity=0)
        importlib.import_module("xiezuo.projects.migrations.0002_seed_sectors").seed(apps, None)
        catalogue.load()
    call_command("regions", "load", verbosity=0)
    from xiezuo.accounts import demo as accounts

    accounts.load()
    return False


def create_database(url: str) -> None:
    """Create the PostgreSQL database the URL names when it does not exist yet."""
    from urllib.parse import unquote, urlparse

    import psycopg

    parsed = urlparse(url)
    name = unquote(parsed.path.lstrip("/"))
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def build(scale: float, seed: int = 20231130) -> dict[str, Any]:
    """The pairing tree and the ledgers; returns counts."""
    from xiezuo.consumption.models import Consumption
    from xiezuo.funds.models import FundMovement
    from xiezuo.indicators.models import AnnualTarget, Indicator
    from xiezuo.labour.models import LabourRecord
    from xiezuo.pairings.models import Pairing
    from xiezuo.projects.models import Project, Sector
    from xiezuo.regions.models import Region

    rng = random.Random(seed)
    current = Region.objects.filter(valid_to__isnull=True)
    by_parent: dict[int | None, list[Region]] = {}
    for r in current.filter(level__in=["province", "prefecture", "county"]).order_by("code"):
        by_parent.setdefault(r.parent_id, []).append(r)
    provinces = {r.code: r for r in current.filter(level="province")}
    start = dt.date(YEARS[0], 1, 1)
    switch = 2021  # a quarter of the counties change donor district this year
    # county → its pairings, each with the years it covers
    counties: list[tuple[Region, list[tuple[Pairing, int, int]]]] = []
    n_pairings = 0
    for i, code in enumerate(RECIPIENTS):
        donor_p = provinces[DONORS[i % len(DONORS)]]
        prov = Pairing.objects.create(donor=donor_p, recipient=provinces[code],
                                      kind="east_west", start_date=start)
        donor_cities = by_parent.get(donor_p.pk, [])
        for j, pref in enumerate(by_parent.get(provinces[code].pk, [])):
            donor_city = donor_cities[j % len(donor_cities)]
            city = Pairing.objects.create(donor=donor_city, recipient=pref, kind="east_west",
                                          start_date=start, parent=prov)
            donor_districts = by_parent.get(donor_city.pk, []) or [donor_city]
            for k, county in enumerate(by_parent.get(pref.pk, [])[:12]):
                first = donor_districts[k % len(donor_districts)]
                if k % 4 == 3:
                    # the next district of the same city, or of the next city
                    other_city = donor_cities[(j + 1) % len(donor_cities)]
                    alternatives = [d for d in donor_districts if d != first] or (
                        by_parent.get(other_city.pk, []) or [other_city])
                    old = Pairing.objects.create(
                        donor=first, recipient=county, kind="east_west", start_date=start,
                        end_date=dt.date(switch - 1, 12, 31), parent=city)
                    new = Pairing.objects.create(
                        donor=alternatives[k % len(alternatives)],
                        recipient=county, kind="east_west", start_date=dt.date(switch, 1, 1),
                        parent=city)
                    spans = [(old, YEARS[0], switch - 1), (new, switch, YEARS[-1])]
                else:
                    pairing = Pairing.objects.create(donor=first, recipient=county,
                                                     kind="east_west", start_date=start,
                                                     parent=city)
                    spans = [(pairing, YEARS[0], YEARS[-1])]
                counties.append((county, spans))
                n_pairings += len(spans)
    sector = Sector.objects.first()
    n_projects = int(100_000 * scale)
    n_funds = n_labour = n_consumption = int(1_000_000 * scale)

    def chunks(total: int, make: Any, model: Any) -> None:
        done = 0
        while done < total:
            size = min(BATCH, total - done)
            model.objects.bulk_create([make(done + i) for i in range(size)], batch_size=2000)
            done += size

    def place(i: int) -> tuple[Pairing, Region, int]:
        county, spans = counties[i % len(counties)]
        year = YEARS[(i // len(counties)) % len(YEARS)]
        pairing = next(p for p, first, last in spans if first <= year <= last)
        return pairing, county, year

    def project(i: int) -> Project:
        pairing, county, year = place(i)
        return Project(pairing=pairing, region=county, year=year, name=f"项目{i}",
                       sector=sector, budget_fiscal=Decimal(rng.randrange(10, 500) * 10_000),
                       status=rng.choice(["planned", "building", "completed", "operating"]))

    chunks(n_projects, project, Project)

    def movement(i: int) -> FundMovement:
        pairing, county, year = place(i)
        kind = ("transfer", "transfer", "allocation", "spending", "commitment")[i % 5]
        side = "donor" if i % 2 else "recipient"
        return FundMovement(pairing=pairing, region=county, year=year,
                            date=dt.date(year, 1 + i % 12, 1 + i % 28), type=kind,
                            source="fiscal" if i % 7 else "social",
                            amount=Decimal(rng.randrange(1, 200) * 1_000), reported_by=side)

    chunks(n_funds, movement, FundMovement)

    def labourer(i: int) -> LabourRecord:
        pairing, county, year = place(i)
        return LabourRecord(pairing=pairing, region=county, year=year, name=f"劳动力{i}",
                            id_number=f"{county.code[:6]}19900101{i % 10**4:04d}"[:18],
                            village="某村", status=("poverty", "other", "monitored")[i % 3],
                            destination="donor", employer="某企业",
                            start_date=dt.date(year, 1 + i % 12, 1 + i % 28))

    chunks(n_labour, labourer, LabourRecord)

    def purchase(i: int) -> Consumption:
        pairing, county, year = place(i)
        return Consumption(pairing=pairing, region=county,
                           date=dt.date(year, 1 + i % 12, 1 + i % 28),
                           kind=("purchase", "help_sell")[i % 2], buyer_type="enterprise",
                           buyer="某单位", channel="ecommerce", category="tea", product="茶叶",
                           amount=Decimal(rng.randrange(1, 100) * 100))

    chunks(n_consumption, purchase, Consumption)
    fiscal = Indicator.objects.get(code="fiscal_aid")
    AnnualTarget.objects.bulk_create([
        AnnualTarget(pairing=p, region=r, year=y, indicator=fiscal,
                     value=Decimal(rng.randrange(50, 150) * 10_000 * scale * 10))
        for r, spans in counties for p, first, last in spans for y in YEARS
        if first <= y <= last], batch_size=2000)
    return {"county pairings": n_pairings, "recipient counties": len(counties),
            "projects": n_projects, "fund movements": n_funds,
            "labour records": n_labour, "consumption records": n_consumption}


def time_dashboard(requests: int, province: str = "620000") -> dict[str, float]:
    """Province dashboard: computed on every request (cache bypassed), then served from the
    cache that ``warm_dashboards`` fills (the page shows when its figures were computed)."""
    from django.core.management import call_command
    from django.test import Client

    from xiezuo.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username="national"))
    url = f"/indicators/dashboard/region/{province}/"

    def timed(params: dict[str, Any]) -> list[float]:
        times = []
        for _ in range(requests + 1):
            start = time.perf_counter()
            response = client.get(url, params, HTTP_HOST="localhost")
            assert response.status_code == 200, response.status_code
            times.append(time.perf_counter() - start)
        return sorted(times[1:])  # the first warms the connection and the process

    def p95(times: list[float]) -> float:
        return times[min(len(times) - 1, round(0.95 * (len(times) - 1)))] * 1000

    cold = timed({"year": YEARS[-1], "refresh": "1"})
    start = time.perf_counter()
    with open(os.devnull, "w") as quiet:
        call_command("warm_dashboards", "--year", str(YEARS[-1]), "--years", "1", stdout=quiet)
    warm_all = time.perf_counter() - start
    warm = timed({"year": YEARS[-1]})
    return {"computed median ms": statistics.median(cold) * 1000, "computed p95 ms": p95(cold),
            "cached median ms": statistics.median(warm) * 1000, "cached p95 ms": p95(warm),
            "warm_dashboards s": warm_all}


def time_assessment() -> dict[str, float]:
    from xiezuo.assessment import scoring
    from xiezuo.assessment.models import Item, Scheme
    from xiezuo.indicators.models import Indicator

    scheme = Scheme.objects.create(year=YEARS[-1], name="基准测试方案", level="county")
    ind = {i.code: i for i in Indicator.objects.filter(valid_from=None)}
    for n, (code, rule, weight) in enumerate([
            ("fiscal_aid", "ratio", 40), ("projects", "ratio", 10),
            ("labour_jobs", "ratio", 20), ("consumption_purchased", "ratio", 20),
            ("social_funds", "ratio", 10), ("fiscal_aid", "yoy_penalty", 10)]):
        Item.objects.create(scheme=scheme, indicator=ind[code], rule=rule,
                            weight=Decimal(weight), cap=Decimal("1.2"), sort_order=n)
    start = time.perf_counter()
    run = scoring.run(scheme)
    seconds = time.perf_counter() - start
    return {"assessment s": seconds, "pairings scored": run.results.count()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--reuse", action="store_true",
                        help="time the dataset built before instead of building it again")
    parser.add_argument("--build-only", action="store_true")
    args = parser.parse_args()
    var_dir = ROOT / "var" / f"bench-indicators-{args.scale:g}"
    var_dir.mkdir(parents=True, exist_ok=True)
    sqlite_file = var_dir / "xiezuo.sqlite3"
    if not args.reuse and not os.environ.get("XIEZUO_DATABASE_URL"):
        sqlite_file.unlink(missing_ok=True)
    reused = setup(var_dir, args.reuse)
    from django.db import connection

    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}; "
          f"python {platform.python_version()}; {os.cpu_count()} cores; scale {args.scale}; "
          f"load {os.getloadavg()[0]:.1f}")
    if not reused:
        started = time.perf_counter()
        counts = build(args.scale)
        print(f"built in {time.perf_counter() - started:.0f} s: {counts}")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    else:
        print("reusing the dataset built before")
    from xiezuo.indicators import aggregates
    from xiezuo.ledgers.models import LedgerMeasure

    if not reused or not LedgerMeasure.objects.exists():
        started = time.perf_counter()
        done = aggregates.rebuild()
        print(f"pre-aggregated {len(done)} indicators ({sum(done.values())} figures) in "
              f"{time.perf_counter() - started:.0f} s; load {os.getloadavg()[0]:.1f}")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    if args.build_only:
        return
    for key, value in {**time_dashboard(args.requests), **time_assessment()}.items():
        print(f"{key}: {value:.1f}" if isinstance(value, float) else f"{key}: {value}")
    print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
