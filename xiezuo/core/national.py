"""The national demo dataset (``xiezuo demo --scale national``): about 1,000 county pairings
over ten years, 10^5 projects, 10^6 fund movements, 10^6 labour records and 10^6 consumption
records, times ``scale``.

Deterministic: a seeded ``random.Random`` and years given as parameters (nothing depends on
today's date), so the same seed and scale give the same rows (``fingerprint``).

The pairings come first from the normal demo (its county pairings, over the years they cover),
then generated ones: real counties of the registry, under prefecture and province pairings,
east-west as the 2021 arrangement pairs them (a quarter of the counties change donor district
in 2021, as 济南 moved from 湘西 to 临夏). Every generated row carries ``MARK`` in its notes.

The ledgers are written in bulk (``core/bulk.py``: COPY on PostgreSQL, executemany on SQLite;
on PostgreSQL into tables whose secondary indexes and keys are built again after the load,
``bulk.loading``), not through the ledger write action: there is one audit entry per table
for the load (who loaded how many rows, with which seed) instead of one per row, and the
pre-aggregated figures are rebuilt afterwards (``xiezuo indicators rebuild``). The rows keep
the models' rules: each ledger row's region is the recipient county of a pairing that covers
its year, projects' spending stays within their allocation, ID numbers pass GB 11643 (with the
county code 99 no county bears), one labour record per person and year, amounts within the
ledgers' ranges.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction

from xiezuo.core import bulk
from xiezuo.core.personal import CHECK, WEIGHTS

MARK = "全国规模演示数据（生成）"
SEED = 20231130
FIRST_YEAR = 2015
YEARS = 10
#: the rows at scale 1
FULL = {"projects": 100_000, "funds": 1_000_000, "labour": 1_000_000, "consumption": 1_000_000}
#: donor provinces, in the order they are handed to the recipient provinces
DONORS = ["110000", "120000", "310000", "320000", "330000", "350000", "370000", "440000"]
RECIPIENTS = ["450000", "500000", "510000", "520000", "530000", "540000", "620000", "630000",
              "640000", "650000"]
#: counties paired per recipient prefecture
PER_PREFECTURE = 16
SWITCH_YEAR = 2021

PROJECT_KINDS = [
    ("industry", "{t}特色产业基地建设项目", "dividend"),
    ("industry", "{t}高原夏菜冷链仓储项目", "land_rent"),
    ("infrastructure", "{t}{v}村组道路硬化项目", "other"),
    ("infrastructure", "{t}{v}人饮安全巩固提升项目", "other"),
    ("education", "{t}中心校教学设施改善项目", "other"),
    ("health", "{t}卫生院医疗设备购置项目", "other"),
    ("employment", "{t}帮扶车间建设项目", "jobs"),
    ("culture_tourism", "{t}{v}乡村旅游示范村项目", "dividend"),
    ("digital", "{t}电商服务站建设项目", "purchase"),
    ("training", "{t}劳动力技能培训项目", "jobs"),
]
TOWNSHIPS = ["城关镇", "新华镇", "太平镇", "永安乡", "东风乡", "红星镇", "和平乡", "民主镇"]
VILLAGES = ["红旗", "新民", "团结", "和平", "光明", "向阳", "联合", "幸福"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华兰"
EMPLOYERS = ["帮扶车间", "食品有限公司", "电子科技有限公司", "物流有限公司", "建筑工程有限公司",
             "家政服务有限公司", "制衣厂", "农业开发有限公司"]
#: (buyer type, channel): only pairs the consumption rules allow
BUYS = [("government", "platform_832"), ("union", "platform_832"), ("enterprise", "canteen"),
        ("enterprise", "contract"), ("individual", "ecommerce"), ("individual", "fair"),
        ("government", "canteen"), ("other", "store")]
PRODUCTS = [("grain_oil", "小杂粮"), ("meat_egg", "牦牛肉"), ("fruit_veg", "高原夏菜"),
            ("tea", "绿茶"), ("herbs", "当归"), ("processed", "腊肉"), ("handicraft", "刺绣")]
BUYERS = {"government": "机关食堂", "union": "总工会", "enterprise": "国有企业",
          "individual": "个人", "other": "消费帮扶专馆"}
STATUSES = ["planned", "approved", "building", "completed", "accepted", "operating"]


def size(scale: float) -> dict[str, int]:
    """The rows of each ledger at ``scale`` (at least one each)."""
    return {k: max(1, round(v * scale)) for k, v in FULL.items()}


def _weighted(digits: str, first: int) -> int:
    """The ID number's weighted digit sum (GB 11643) of ``digits`` placed at ``first``."""
    return sum(int(d) * w for d, w in zip(digits, WEIGHTS[first:first + len(digits)],
                                          strict=True))


@dataclass(frozen=True)
class Slot:
    """A county pairing in one year it covers: where a ledger row goes."""

    pairing: int
    county: int
    code: str
    name: str
    year: int


def _pairings(years: list[int], stamp: dt.datetime) -> tuple[list[Slot], int]:
    """The normal demo's county pairings and generated ones; returns the slots (pairing ×
    covered year, in a fixed order) and the number of pairings generated."""
    from xiezuo.pairings.models import Pairing
    from xiezuo.regions.models import Region

    first, last = years[0], years[-1]
    current = Region.objects.filter(valid_to__isnull=True)
    by_parent: dict[int | None, list[Region]] = {}
    for r in current.filter(level__in=["province", "prefecture", "county"]).order_by("code"):
        by_parent.setdefault(r.parent_id, []).append(r)
    provinces = {r.code: r for r in current.filter(level="province")}
    taken = set(Pairing.objects.values_list("recipient_id", flat=True))
    taken_parents = {r.parent_id for r in current.filter(pk__in=taken)}
    existing = set(Pairing.objects.values_list("donor_id", "recipient_id", "kind"))
    spans: list[tuple[Pairing, Region]] = []
    for p in Pairing.objects.filter(level="county", recipient__level="county").select_related(
            "recipient").order_by("recipient__code", "start_date", "id"):
        spans.append((p, p.recipient))
    made = 0

    def new(donor: Region, recipient: Region, parent: Pairing | None, start: dt.date,
            end: dt.date | None = None) -> Pairing:
        nonlocal made
        made += 1
        return Pairing.objects.create(donor=donor, recipient=recipient, kind="east_west",
                                      level=recipient.level, start_date=start, end_date=end,
                                      parent=parent, notes=MARK)

    start = dt.date(first, 1, 1)
    for i, code in enumerate(RECIPIENTS):
        # a donor province not already paired with this one (the demo pairs 山东 with 甘肃)
        donor_p = next(provinces[DONORS[(i + k) % len(DONORS)]] for k in range(len(DONORS))
                       if (provinces[DONORS[(i + k) % len(DONORS)]].pk, provinces[code].pk,
                           "east_west") not in existing)
        prov = new(donor_p, provinces[code], None, start)
        donor_cities = by_parent.get(donor_p.pk, [])
        for j, pref in enumerate(by_parent.get(provinces[code].pk, [])):
            if pref.pk in taken or pref.pk in taken_parents:
                continue  # the demo's own prefectures keep their pairings
            if pref.level == "county":  # a municipality's districts and counties (重庆)
                donor = donor_cities[j % len(donor_cities)]
                spans.append((new(donor, pref, prov, start), pref))
                continue
            donor_city = donor_cities[j % len(donor_cities)]
            city = new(donor_city, pref, prov, start)
            districts = by_parent.get(donor_city.pk, []) or [donor_city]
            for k, county in enumerate(by_parent.get(pref.pk, [])[:PER_PREFECTURE]):
                if county.pk in taken or county.level != "county":
                    continue
                donor = districts[k % len(districts)]
                if k % 4 == 3 and first < SWITCH_YEAR <= last:
                    other_city = donor_cities[(j + 1) % len(donor_cities)]
                    others = [d for d in districts if d != donor] or (
                        by_parent.get(other_city.pk, []) or [other_city])
                    spans.append((new(donor, county, city, start,
                                      dt.date(SWITCH_YEAR - 1, 12, 31)), county))
                    spans.append((new(others[k % len(others)], county, city,
                                      dt.date(SWITCH_YEAR, 1, 1)), county))
                else:
                    spans.append((new(donor, county, city, start), county))
    slots = [Slot(p.pk, county.pk, county.code, county.short_name, y)
             for p, county in spans for y in years
             if p.start_date.year <= y and (p.end_date is None or p.end_date.year >= y)]
    return slots, made


class _Clock:
    """Reports each phase of the build: its wall time and the CPU time of this process."""

    def __init__(self, progress: Callable[[str], None] | None) -> None:
        self.progress = progress
        self.wall, self.cpu = time.perf_counter(), time.process_time()

    def lap(self, phase: str) -> None:
        wall, cpu = time.perf_counter(), time.process_time()
        if self.progress is not None:
            self.progress(f"{phase}: {wall - self.wall:.1f} s (CPU {cpu - self.cpu:.1f} s)")
        self.wall, self.cpu = wall, cpu


def _ledgers(written: dict[str, int], rng: random.Random, n: dict[str, int], span: list[int],
             slots: list[Slot], stamp: dt.datetime, clock: _Clock) -> None:
    """Write the projects and the three ledgers (``n`` rows each) on the slots."""
    from xiezuo.consumption.models import Consumption
    from xiezuo.funds.models import FundMovement
    from xiezuo.labour.models import LabourCount, LabourRecord
    from xiezuo.projects.models import Project, Sector

    sectors = {s.code: s.pk for s in Sector.objects.all()}

    projects: list[tuple[Slot, Decimal]] = []

    def project_rows() -> Iterator[tuple[Any, ...]]:
        for i in range(n["projects"]):
            slot = slots[i % len(slots)]
            sector, pattern, benefit = PROJECT_KINDS[rng.randrange(len(PROJECT_KINDS))]
            township, village = rng.choice(TOWNSHIPS), rng.choice(VILLAGES)
            budget = Decimal(rng.randrange(20, 800) * 10_000)
            age = span[-1] - slot.year
            status = STATUSES[min(len(STATUSES) - 1, age + rng.randrange(2))]
            people = rng.randrange(40, 1200)
            projects.append((slot, budget))
            yield (slot.pairing, slot.county, slot.year,
                   f"{slot.year}年{slot.name}" + pattern.format(t=township, v=village),
                   township, village if "{v}" in pattern else "", sectors[sector],
                   dt.date(slot.year, 3, 1), dt.date(slot.year, 11, 30), budget, status,
                   dt.date(slot.year, 12, 1), benefit, people, people // 3,
                   people // 3, MARK)

    written["projects"] = bulk.write(Project, [
        "pairing_id", "region_id", "year", "name", "township", "village", "sector_id",
        "planned_start", "planned_finish", "budget_fiscal", "status", "status_date",
        "benefit_type", "beneficiaries", "beneficiaries_poverty", "households", "notes"],
        project_rows(), stamp)
    clock.lap("projects")
    ids = list(Project.objects.filter(notes=MARK).order_by("id").values_list("id",
                                                                              flat=True))

    def fund_rows() -> Iterator[tuple[Any, ...]]:
        # per project: its allocation, three spendings within it, then a commitment and
        # transfers of its pairing and year without a project
        spent = Decimal(0)
        per = max(1, n["funds"] // n["projects"])
        for i in range(n["funds"]):
            p = min(i // per, len(projects) - 1)
            slot, budget = projects[p]
            step = i - p * per
            day = dt.date(slot.year, 1 + i % 12, 1 + i % 28)
            project: int | None = None
            if step == 0:
                kind, amount, project, spent = "allocation", budget, ids[p], Decimal(0)
            elif step <= 3:
                kind, project = "spending", ids[p]
                amount = (budget * rng.randrange(5, 30) / 100).quantize(Decimal(100))
                amount = max(Decimal(100), min(amount, budget - spent))
                if spent + amount > budget:
                    kind, project = "transfer", None
                else:
                    spent += amount
            else:
                kind = "commitment" if step == 4 else "transfer"
                amount = Decimal(rng.randrange(1, 200) * 1_000)
            yield (slot.pairing, slot.county, slot.year, day, kind,
                   "social" if i % 7 == 0 and project is None else "fiscal", amount,
                   "donor" if i % 2 else "recipient", project, MARK)

    written["funds"] = bulk.write(FundMovement, [
        "pairing_id", "region_id", "year", "date", "type", "source", "amount",
        "reported_by", "project_id", "notes"], fund_rows(), stamp)
    clock.lap("funds")

    counted = set(LabourCount.objects.values_list("region_id", "year"))
    people_slots = [s for s in slots if (s.county, s.year) not in counted]

    def labour_rows() -> Iterator[tuple[Any, ...]]:
        # the same rows as computing each ID number and date afresh, at a third of the CPU:
        # the parts of an ID number (county, birth day, sequence) and their weighted digit
        # sums are computed once each, the check character from their sum
        places = [(s.pairing, s.county, s.year, s.code[:4] + "99",
                   _weighted(s.code[:4] + "99", 0), s.name) for s in people_slots]
        sequences = [(f"{k:03d}", _weighted(f"{k:03d}", 14)) for k in range(1000)]
        incomes = [Decimal(k * 100) for k in range(80)]
        days: dict[tuple[int, int], dt.date] = {}
        block, born, born_sum = -1, "", 0
        for i in range(n["labour"]):
            pairing, county, year, prefix, prefix_sum, place = places[i % len(places)]
            # unique per person by construction: the birth day and sequence encode i
            if i // 1000 != block:
                block = i // 1000
                born = f"{dt.date(1960, 1, 1) + dt.timedelta(days=block * 11):%Y%m%d}"
                born_sum = _weighted(born, 6)
            sequence, sequence_sum = sequences[i % 1000]
            day = days.get((year, i % 84))
            if day is None:
                day = days[year, i % 84] = dt.date(year, 1 + i % 12, 1 + i % 28)
            name = rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.randrange(1, 3)))
            yield (pairing, county, year, name,
                   f"{prefix}{born}{sequence}{CHECK[(prefix_sum + born_sum + sequence_sum) % 11]}",
                   f"{rng.choice(TOWNSHIPS)}{rng.choice(VILLAGES)}村",
                   ("poverty", "poverty", "monitored", "other")[i % 4],
                   ("donor", "province", "near_home", "elsewhere")[i % 4],
                   f"{place}{rng.choice(EMPLOYERS)}", day,
                   incomes[rng.randrange(20, 80)], i % 3 == 0, MARK)

    written["labour"] = bulk.write(LabourRecord, [
        "pairing_id", "region_id", "year", "name", "id_number", "village", "status",
        "destination", "employer", "start_date", "monthly_income", "organised", "notes"],
        labour_rows(), stamp)
    clock.lap("labour")

    def consumption_rows() -> Iterator[tuple[Any, ...]]:
        for i in range(n["consumption"]):
            slot = slots[i % len(slots)]
            buyer_type, channel = BUYS[i % len(BUYS)]
            category, product = PRODUCTS[rng.randrange(len(PRODUCTS))]
            yield (slot.pairing, slot.county, dt.date(slot.year, 1 + i % 12, 1 + i % 28),
                   "purchase" if i % 3 else "help_sell", buyer_type, BUYERS[buyer_type],
                   channel, category, f"{slot.name}{product}",
                   Decimal(rng.randrange(1, 500) * 100), MARK)

    written["consumption"] = bulk.write(Consumption, [
        "pairing_id", "region_id", "date", "kind", "buyer_type", "buyer", "channel",
        "category", "product", "amount", "notes"], consumption_rows(), stamp)
    clock.lap("consumption")


def build(scale: float = 1.0, seed: int = SEED, first_year: int = FIRST_YEAR,
          years: int = YEARS, progress: Callable[[str], None] | None = None) -> dict[str, int]:
    """Generate the national dataset in the current database; returns the rows written by
    table. Refuses when it was built already (``clear`` removes it). ``progress`` receives a
    line per phase (its wall and CPU seconds)."""
    from django.core.management import call_command

    from xiezuo.consumption.models import Consumption
    from xiezuo.core.models import record_event
    from xiezuo.funds.models import FundMovement
    from xiezuo.labour.models import LabourRecord
    from xiezuo.ledgers.models import LedgerFigure
    from xiezuo.pairings.models import Pairing
    from xiezuo.projects.models import Project

    if Pairing.objects.filter(notes=MARK).exists():
        raise RuntimeError("the national dataset is there already")
    span = list(range(first_year, first_year + years))
    stamp = dt.datetime(span[-1], 12, 31, 12, tzinfo=dt.UTC)
    n = size(scale)
    rng = random.Random(seed)
    written: dict[str, int] = {}
    clock = _Clock(progress)
    with transaction.atomic():
        slots, written["pairings"] = _pairings(span, stamp)
        clock.lap("pairings")
        with bulk.loading(Project, FundMovement, LabourRecord, Consumption):
            clock.lap("keys and indexes dropped")
            _ledgers(written, rng, n, span, slots, stamp, clock)
        clock.lap("indexes and keys built, tables analyzed")

        for model, key in ((Pairing, "pairings"), (Project, "projects"),
                           (FundMovement, "funds"), (LabourRecord, "labour"),
                           (Consumption, "consumption")):
            record_event(model, "", MARK, "import", {"rows": [None, written[key]],
                                                     "seed": [None, seed],
                                                     "scale": [None, scale]})
        clock.lap("audit")
        with bulk.loading(LedgerFigure):  # 3×10^5 figures at scale 1
            call_command("indicators", "rebuild", verbosity=0)
        clock.lap("figures")
    clock.lap("commit")
    return written


def clear() -> None:
    """Remove the generated rows (and the pre-aggregated figures built from them)."""
    from django.core.management import call_command

    from xiezuo.consumption.models import Consumption
    from xiezuo.funds.models import FundMovement
    from xiezuo.labour.models import LabourRecord
    from xiezuo.pairings.models import Pairing
    from xiezuo.projects.models import Project

    with transaction.atomic():
        for model in (FundMovement, Consumption, LabourRecord, Project):
            model.objects.filter(notes=MARK)._raw_delete(model.objects.db)
        generated = Pairing.objects.filter(notes=MARK)
        for level in ("county", "prefecture", "province"):
            generated.filter(level=level)._raw_delete(Pairing.objects.db)
        call_command("indicators", "rebuild", verbosity=0)


def fingerprint() -> str:
    """A digest of the generated rows by their content (codes, not ids): the same seed,
    scale and years give the same digest on any database."""
    from xiezuo.consumption.models import Consumption
    from xiezuo.funds.models import FundMovement
    from xiezuo.labour.models import LabourRecord
    from xiezuo.pairings.models import Pairing
    from xiezuo.projects.models import Project

    digest = hashlib.sha256()
    tables: list[tuple[Any, list[str]]] = [
        (Pairing, ["donor__code", "recipient__code", "level", "start_date", "end_date",
                   "parent__recipient__code"]),
        (Project, ["pairing__donor__code", "region__code", "year", "name", "budget_fiscal",
                   "status"]),
        (FundMovement, ["pairing__donor__code", "region__code", "year", "date", "type",
                        "source", "amount", "reported_by", "project__name"]),
        (LabourRecord, ["pairing__donor__code", "region__code", "year", "name", "id_number",
                        "start_date", "monthly_income"]),
        (Consumption, ["pairing__donor__code", "region__code", "date", "kind", "channel",
                       "product", "amount"]),
    ]
    for model, fields in tables:
        for row in model.objects.filter(notes=MARK).order_by("id").values_list(*fields):
            digest.update(repr(tuple(
                format(v, "f") if isinstance(v, Decimal) else v for v in row)).encode())
    return digest.hexdigest()
