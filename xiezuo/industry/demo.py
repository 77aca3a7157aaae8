"""Demo industrial cooperation. Seed 001: on 27 August 2016, at the 青岛—菏泽 signing, five
projects were signed (青岛钰泉环保 with 曹县; 昌盛日电's photovoltaic complexes, two of them
100 MW, with 单县, 巨野县 and 郓城县; 索拓(青岛) with 菏泽高新区). Investment amounts were not
published, so they are left empty. Co-built parks with enterprises for the other pairings."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from xiezuo.industry.models import Enterprise, IndustrySector, Park
from xiezuo.pairings.models import Pairing
from xiezuo.regions.models import Region

SIGNED = dt.date(2016, 8, 27)
SEED_001 = [
    # (name, county code, sector, project)
    ("青岛钰泉环保有限公司", "371721", IndustrySector.ENVIRONMENT,
     "曹县第六纪环保再生科技产业园项目"),
    ("青岛昌盛日电太阳能科技股份有限公司", "371722", IndustrySector.NEW_ENERGY,
     "100MW光伏扶贫农业综合体项目"),
    ("青岛昌盛日电太阳能科技股份有限公司", "371724", IndustrySector.NEW_ENERGY,
     "100MW光伏扶贫农业综合体项目"),
    ("青岛昌盛日电太阳能科技股份有限公司", "371725", IndustrySector.NEW_ENERGY,
     "光伏扶贫农业综合体项目"),
    ("索拓（青岛）显示设备有限公司", "371700", IndustrySector.ELECTRONICS,
     "年产11万台智能液晶触摸白板、8万台投影机、15万片交互式电子白板项目（菏泽高新区）"),
]
# (pairing key, county, park name, partner, opened, area in mu, donor money in yuan)
PARKS = [
    ("szq-lxs", "622901", "市中—临夏市东西部协作产业园", "济南市市中区", dt.date(2021, 6, 18),
     Decimal("820"), Decimal("12000000")),
    ("zq-jss", "622927", "章丘—积石山东西部协作产业园", "济南市章丘区", dt.date(2021, 9, 8),
     Decimal("1500"), Decimal("20000000")),
    ("lmt-pg", "513428", "龙马潭—普格对口帮扶产业园", "泸州市龙马潭区", dt.date(2019, 5, 20),
     Decimal("600"), Decimal("8000000")),
    ("jy-yy", "513423", "江阳—盐源农产品加工园", "泸州市江阳区", dt.date(2018, 10, 12),
     Decimal("450"), Decimal("6500000")),
]
KINDS = [
    (IndustrySector.AGRI_PROCESSING, "{b}食品有限公司", "农产品精深加工项目"),
    (IndustrySector.LIGHT_TEXTILE, "{b}服饰有限公司", "帮扶车间服装加工项目"),
    (IndustrySector.MANUFACTURING, "{b}机械制造有限公司", "零部件加工项目"),
    (IndustrySector.NEW_ENERGY, "{b}新能源科技有限公司", "分布式光伏项目"),
    (IndustrySector.TRADE_LOGISTICS, "{b}供应链管理有限公司", "冷链物流仓储项目"),
    (IndustrySector.CULTURE_TOURISM, "{b}文旅发展有限公司", "乡村旅游综合开发项目"),
]
#: made-up trade names by the donor's province
BRANDS = {"37": ["泉城", "齐鲁", "明湖", "舜耕", "华山", "千佛", "趵突", "明水", "绣江"],
          "51": ["酒城", "沱江", "龙马", "长江", "玉蟾", "江阳", "凤凰"]}


def load(today: dt.date | None = None) -> list[Any]:
    from xiezuo.core.demodate import demo_today
    from xiezuo.pairings.demo import load as load_pairings

    today = demo_today(today)
    keyed = load_pairings()
    existing = Enterprise.objects.filter(pairing=keyed["qd-hz"], signed_on=SIGNED)
    if existing.exists():
        return list(existing) + list(Park.objects.filter(name__in=[p[2] for p in PARKS]))
    rng = random.Random(2016)
    codes = {s[1] for s in SEED_001} | {p[1] for p in PARKS} | {"370200", "370100", "510500"}
    regions = {r.code: r for r in Region.objects.filter(valid_to__isnull=True, code__in=codes)}
    made: list[Any] = []
    for name, code, sector, project in SEED_001:
        made.append(Enterprise(
            pairing=keyed["qd-hz"], region=regions[code], name=name, origin=regions["370200"],
            sector=sector, project=project, signed_on=SIGNED,
            notes="青岛市—菏泽市扶贫协作座谈会暨合作签约仪式签约项目；协议投资额未公布。"))
    for key, code, park_name, partner, opened, area, money in PARKS:
        pairing = keyed[key]
        park = Park.objects.create(
            pairing=pairing, region=regions[code], name=park_name, partner=partner,
            established_on=opened, planned_area=area, donor_investment=money)
        made.append(park)
        for i in range(rng.randrange(4, 9)):
            made.append(_enterprise(pairing, park, i, rng, today))
    Enterprise.objects.bulk_create([e for e in made if isinstance(e, Enterprise)])
    return made


def _enterprise(pairing: Pairing, park: Park, i: int, rng: random.Random, today: dt.date
                ) -> Enterprise:
    sector, pattern, project = KINDS[(i + rng.randrange(len(KINDS))) % len(KINDS)]
    donor = pairing.donor
    assert donor is not None
    brands = BRANDS[donor.code[:2]]
    signed = park.established_on + dt.timedelta(days=rng.randrange(30, 900))
    started = signed + dt.timedelta(days=rng.randrange(90, 400))
    agreed = Decimal(rng.randrange(500, 20000) * 10_000)
    actual = (agreed * Decimal(rng.choice(["0.3", "0.6", "0.8", "1"])) / 10_000).quantize(
        Decimal(1)) * 10_000
    jobs = rng.randrange(20, 400)
    local = jobs * rng.randrange(60, 95) // 100
    return Enterprise(
        pairing=pairing, region=park.region, park=park, origin=donor, sector=sector,
        name=pattern.format(b=brands[(i + len(park.name)) % len(brands)]),
        project=f"{park.region.short_name}{project}", signed_on=signed,
        started_on=started if started <= today else None,
        agreed_investment=agreed, actual_investment=actual, jobs=jobs, jobs_local=local,
        jobs_poverty=local * rng.randrange(20, 60) // 100)
