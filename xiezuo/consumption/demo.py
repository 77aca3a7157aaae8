"""Demo consumption assistance: purchases and help-to-sell entries for the seed pairings'
recipient counties, by canteens, enterprises, unions, fairs and the 832 platform."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from xiezuo.consumption.models import BuyerType, Category, Channel, Consumption, Kind
from xiezuo.pairings.models import Pairing
from xiezuo.regions.models import Region

# pairing key → (counties, first year, last year or None for "up to the demo's year",
# entries per year)
PLANS: dict[str, tuple[list[str], int, int | None, int]] = {
    "szq-lxs": (["622901"], 2021, None, 18),
    "zq-jss": (["622927"], 2021, None, 18),
    "jy-yy": (["513423"], 2019, 2022, 14),
    "lmt-pg": (["513428"], 2019, 2022, 14),
    "jn-xx": (["433101", "433124", "433126"], 2018, 2020, 15),
}
PRODUCTS = {
    "622901": [(Category.GRAIN_OIL, "临夏胡麻油"), (Category.MEAT_EGG, "东乡手抓羊肉"),
               (Category.FRUIT_VEG, "高原夏菜"), (Category.PROCESSED, "临夏牛肉面调料")],
    "622927": [(Category.FRUIT_VEG, "积石山花椒"), (Category.MEAT_EGG, "积石山牦牛肉"),
               (Category.GRAIN_OIL, "积石山土豆粉条"), (Category.HANDICRAFT, "保安腰刀")],
    "513423": [(Category.FRUIT_VEG, "盐源苹果"), (Category.FRUIT_VEG, "盐源花椒"),
               (Category.HERBS, "盐源党参")],
    "513428": [(Category.MEAT_EGG, "螺髻山乌鸡"), (Category.GRAIN_OIL, "普格高粱"),
               (Category.FRUIT_VEG, "普格脐橙")],
    "433101": [(Category.TEA, "保靖黄金茶"), (Category.PROCESSED, "湘西腊肉")],
    "433124": [(Category.FRUIT_VEG, "花垣猕猴桃"), (Category.TEA, "十八洞村茶叶")],
    "433126": [(Category.TEA, "古丈毛尖"), (Category.FRUIT_VEG, "古丈椪柑")],
}
SUPPLIERS = ["农民专业合作社", "农业开发有限公司", "供销合作社"]
# (buyer type, channel, buyer pattern, amount range in yuan)
BUYERS = [
    (BuyerType.GOVERNMENT, Channel.CANTEEN, "{d}机关事务服务中心（机关食堂）", (30_000, 400_000)),
    (BuyerType.GOVERNMENT, Channel.PLATFORM_832, "{d}教育和体育局", (10_000, 200_000)),
    (BuyerType.UNION, Channel.PLATFORM_832, "{d}总工会", (20_000, 300_000)),
    (BuyerType.ENTERPRISE, Channel.CONTRACT, "{d}某商贸有限公司", (50_000, 2_000_000)),
    (BuyerType.ENTERPRISE, Channel.FAIR, "{d}东西部协作消费帮扶展销会参展企业", (20_000, 500_000)),
    (BuyerType.INDIVIDUAL, Channel.ECOMMERCE, "电商平台个人消费者（汇总）", (5_000, 150_000)),
    (BuyerType.INDIVIDUAL, Channel.STORE, "{d}消费帮扶专馆顾客（汇总）", (5_000, 80_000)),
]


def load(today: dt.date | None = None) -> list[Any]:
    from xiezuo.core.demodate import demo_today
    from xiezuo.pairings.demo import load as load_pairings

    today = demo_today(today)
    keyed = load_pairings()
    existing = Consumption.objects.filter(pairing__in=[keyed[k] for k in PLANS])
    if existing.exists():
        return list(existing)
    rng = random.Random(8320)
    regions = {r.code: r for r in Region.objects.filter(
        valid_to__isnull=True, code__in={c for p in PLANS.values() for c in p[0]})}
    rows = [_entry(keyed[key], regions[counties[i % len(counties)]], year, rng, today)
            for key, (counties, first, last, n) in PLANS.items()
            for year in range(first, (last or today.year) + 1) for i in range(n)]
    Consumption.objects.bulk_create(rows, batch_size=500)
    return rows


def _entry(pairing: Pairing, county: Region, year: int, rng: random.Random, today: dt.date
           ) -> Consumption:
    buyer_type, channel, pattern, (low, high) = rng.choice(BUYERS)
    category, product = rng.choice(PRODUCTS[county.code])
    donor = pairing.donor.short_name if pairing.donor else ""
    kind = Kind.HELP_SELL if buyer_type in (BuyerType.INDIVIDUAL,) or rng.random() < 0.2 \
        else Kind.PURCHASE
    return Consumption(
        pairing=pairing, region=county, date=min(dt.date(year, rng.randrange(1, 12),
                                                         rng.randrange(1, 29)), today),
        kind=kind, buyer_type=buyer_type, buyer=pattern.format(d=donor), channel=channel,
        category=category, product=product,
        supplier=county.short_name + rng.choice(SUPPLIERS),
        amount=Decimal(rng.randrange(low // 100, high // 100) * 100))
