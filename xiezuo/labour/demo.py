"""Demo labour cooperation: per-person records for 临夏市, 积石山县 and 普格县, count-only
entries for 盐源县 and 湘西州, and training bases — among them the 阳光大姐湘西培训基地 that
王忠林 and 叶红专 unveiled in 湘西经开区 on 26 June 2019 (seed 000).

Names are made up, and ID numbers carry the county code 99 of the home prefecture, which no
county bears: they pass the GB 11643 check and belong to nobody.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from xiezuo.core.personal import fake_id_number
from xiezuo.labour.models import Destination, LabourCount, LabourRecord, Status, TrainingBase
from xiezuo.pairings.models import Pairing
from xiezuo.regions.models import Region

SURNAMES = "马王李张杨何韩冯赵吉阿沙海罗曲吉克"
GIVEN = "小梅海军英花明丽伟芳文华德福玉兰成龙学军阿呷拉格木子"
TOWNSHIPS = {
    "622901": ["城郊镇", "枹罕镇", "南龙镇", "折桥镇"],
    "622927": ["吹麻滩镇", "大河家镇", "居集镇", "石塬镇", "柳沟乡"],
    "513428": ["普基镇", "螺髻山镇", "荞窝镇", "特尔果乡", "五道箐乡"],
}
VILLAGES = ["红旗村", "新民村", "团结村", "和平村", "光明村", "向阳村"]
# pairing key → (county, first year, last year or None for "up to the demo's year",
# records per year)
PER_PERSON: dict[str, tuple[str, int, int | None, int]] = {
    "szq-lxs": ("622901", 2021, None, 30),
    "zq-jss": ("622927", 2021, None, 35),
    "lmt-pg": ("513428", 2019, 2022, 25),
}
# pairing key → (county, years) reporting counts only
COUNTS_ONLY: dict[str, tuple[list[str], range]] = {
    "jy-yy": (["513423"], range(2016, 2023)),
    "jn-xx": (["433101", "433124", "433126"], range(2017, 2021)),
}
EMPLOYERS = {
    Destination.DONOR: ["{d}某食品有限公司", "{d}家政服务有限责任公司", "{d}某电子科技有限公司",
                        "{d}某建筑工程有限公司"],
    Destination.PROVINCE: ["兰州新区某物流园", "成都某餐饮管理有限公司", "西昌某酒店"],
    Destination.NEAR_HOME: ["{c}帮扶车间", "{c}扶贫产业园", "{c}农业专业合作社"],
    Destination.ELSEWHERE: ["苏州某精密制造有限公司", "宁波某服装有限公司", "广州某物流有限公司"],
}
BASES = [
    # (pairing key, county, name, trade, operator, partner, opened, address, capacity)
    ("jn-xx", "433101", "阳光大姐湘西培训基地", "家政服务", "吉首市好日子家政服务有限公司",
     "济南阳光大姐服务有限责任公司", dt.date(2019, 6, 26), "湘西经济开发区", 600),
    ("szq-lxs", "622901", "临夏市东西部协作技能培训基地", "家政服务、餐饮、电工焊工",
     "临夏市职业技术学校", "济南市市中区人力资源和社会保障局", dt.date(2021, 9, 15), "", 800),
    ("lmt-pg", "513428", "普格县劳务品牌培训基地", "建筑技工、餐饮服务", "普格县职业技术学校",
     "泸州市龙马潭区人力资源和社会保障局", dt.date(2019, 4, 10), "", 400),
]


def load(today: dt.date | None = None) -> list[Any]:
    from xiezuo.core.demodate import demo_today
    from xiezuo.pairings.demo import load as load_pairings

    today = demo_today(today)
    keyed = load_pairings()
    made: list[Any] = list(TrainingBase.objects.filter(name=BASES[0][2]))
    if made:
        return made
    rng = random.Random(11643)
    regions = {r.code: r for r in Region.objects.filter(valid_to__isnull=True, code__in={
        b[1] for b in BASES} | {p[0] for p in PER_PERSON.values()} | {
        c for p in COUNTS_ONLY.values() for c in p[0]})}
    bases = {}
    for key, county, name, trade, operator, partner, opened, address, capacity in BASES:
        bases[key] = TrainingBase.objects.create(
            pairing=keyed[key], region=regions[county], name=name, trade=trade,
            operator=operator, partner=partner, established_on=opened,
            address=address, yearly_capacity=capacity)
    made += bases.values()
    records = []
    used: set[str] = set()
    for key, (county, first, last, per_year) in PER_PERSON.items():
        for year in range(first, (last or today.year) + 1):
            for _i in range(per_year):
                records.append(_record(keyed[key], regions[county], year, bases.get(key), used,
                                       rng, today))
    LabourRecord.objects.bulk_create(records, batch_size=500)
    counts = [c for key, (codes, years) in COUNTS_ONLY.items() for code in codes
              for year in years for c in _counts(keyed[key], regions[code], year, rng)]
    LabourCount.objects.bulk_create(counts)
    return [*made, *records, *counts]


def _record(pairing: Pairing, county: Region, year: int, base: TrainingBase | None,
            used: set[str], rng: random.Random, today: dt.date) -> LabourRecord:
    while True:
        born = dt.date(rng.randrange(1968, 2004), rng.randrange(1, 13), rng.randrange(1, 29))
        id_number = fake_id_number(rng, county.code, born)
        if id_number not in used:
            used.add(id_number)
            break
    destination = rng.choice([Destination.DONOR] * 4 + [Destination.PROVINCE] * 2
                             + [Destination.NEAR_HOME] * 3 + [Destination.ELSEWHERE])
    donor = pairing.donor.short_name if pairing.donor else ""
    employer = rng.choice(EMPLOYERS[destination]).format(d=donor, c=county.short_name)
    organised = destination == Destination.DONOR or rng.random() < 0.3
    income = Decimal(rng.randrange(22, 65) * 100) if destination != Destination.NEAR_HOME \
        else Decimal(rng.randrange(15, 35) * 100)
    name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
    return LabourRecord(
        pairing=pairing, region=county, year=year, name=name, id_number=id_number,
        village=rng.choice(TOWNSHIPS[county.code]) + rng.choice(VILLAGES),
        status=rng.choice([Status.POVERTY] * 6 + [Status.MONITORED] * 1 + [Status.OTHER] * 3),
        destination=destination, employer=employer,
        workplace={Destination.DONOR: donor, Destination.NEAR_HOME: county.short_name}.get(
            destination, ""),
        start_date=min(dt.date(year, rng.randrange(1, 12), rng.randrange(1, 29)), today),
        monthly_income=income, organised=organised,
        training_base=base if base is not None and rng.random() < 0.25 else None)


def _counts(pairing: Pairing, county: Region, year: int, rng: random.Random
            ) -> list[LabourCount]:
    """Two half-year entries per destination."""
    out = []
    for start, end in ((dt.date(year, 1, 1), dt.date(year, 6, 30)),
                       (dt.date(year, 7, 1), dt.date(year, 11, 30))):
        for destination in Destination.values:
            persons = rng.randrange(20, 400)
            out.append(LabourCount(
                pairing=pairing, region=county, year=year, period_start=start, period_end=end,
                destination=destination, persons=persons,
                persons_poverty=persons * rng.randrange(40, 80) // 100,
                persons_monitored=persons * rng.randrange(0, 8) // 100,
                persons_organised=persons * rng.randrange(20, 70) // 100))
    return out
