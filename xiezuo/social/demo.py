"""Demo social pairings: townships, village–enterprise, school, hospital and social
organisation pairings under the seed pairings, with donations in money and in kind."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from xiezuo.pairings.models import Pairing
from xiezuo.regions.models import Region
from xiezuo.social.models import Donation, Kind, Organisation, OrgKind, SocialPairing

# (pairing key, county, kind, helper, helper kind, helped, helped kind, start)
PAIRS: list[tuple[str, str, str, str, str, str, str, dt.date]] = [
    ("jy-yy", "513423", Kind.SCHOOL, "泸州市第十八中学校", OrgKind.SCHOOL, "盐源中学",
     OrgKind.SCHOOL, dt.date(2017, 3, 1)),
    ("jy-yy", "513423", Kind.SCHOOL, "泸州市江阳职业高级中学校", OrgKind.SCHOOL,
     "盐源县职业技术中学校", OrgKind.SCHOOL, dt.date(2018, 9, 1)),
    ("jy-yy", "513423", Kind.HOSPITAL, "泸州市江阳区人民医院", OrgKind.HOSPITAL,
     "盐源县人民医院", OrgKind.HOSPITAL, dt.date(2017, 5, 10)),
    ("jy-yy", "513423", Kind.TOWNSHIP, "江阳区黄舣镇", OrgKind.TOWNSHIP, "盐源县盐井镇",
     OrgKind.TOWNSHIP, dt.date(2018, 4, 1)),
    ("lmt-pg", "513428", Kind.HOSPITAL, "泸州市龙马潭区人民医院", OrgKind.HOSPITAL,
     "普格县人民医院", OrgKind.HOSPITAL, dt.date(2017, 6, 1)),
    ("lmt-pg", "513428", Kind.TOWNSHIP, "龙马潭区金龙镇", OrgKind.TOWNSHIP, "普格县螺髻山镇",
     OrgKind.TOWNSHIP, dt.date(2018, 3, 15)),
    ("lmt-pg", "513428", Kind.SOCIAL_ORG, "泸州市红十字会", OrgKind.SOCIAL_ORG,
     "普格县普基镇红旗村", OrgKind.VILLAGE, dt.date(2020, 5, 20)),
    ("szq-lxs", "622901", Kind.TOWNSHIP, "市中区七贤街道", OrgKind.TOWNSHIP, "临夏市折桥镇",
     OrgKind.TOWNSHIP, dt.date(2021, 5, 12)),
    ("szq-lxs", "622901", Kind.VILLAGE_ENTERPRISE, "济南泉城农业发展有限公司",
     OrgKind.ENTERPRISE, "临夏市南龙镇光明村", OrgKind.VILLAGE, dt.date(2021, 7, 1)),
    ("szq-lxs", "622901", Kind.SOCIAL_ORG, "济南市慈善总会", OrgKind.SOCIAL_ORG,
     "临夏市枹罕镇团结村", OrgKind.VILLAGE, dt.date(2022, 3, 5)),
    ("zq-jss", "622927", Kind.TOWNSHIP, "章丘区明水街道", OrgKind.TOWNSHIP, "积石山县吹麻滩镇",
     OrgKind.TOWNSHIP, dt.date(2021, 6, 1)),
    ("zq-jss", "622927", Kind.VILLAGE_ENTERPRISE, "济南明水食品有限公司", OrgKind.ENTERPRISE,
     "积石山县大河家镇向阳村", OrgKind.VILLAGE, dt.date(2021, 8, 20)),
    ("zq-jss", "622927", Kind.SCHOOL, "济南市章丘区第四中学", OrgKind.SCHOOL, "积石山县第一中学",
     OrgKind.SCHOOL, dt.date(2021, 9, 1)),
]
GOODS = ["冬衣棉被 300 套", "学习用品 500 套", "医疗设备一批", "图书 2000 册", "化肥种子一批"]


def load(today: dt.date | None = None) -> list[Any]:
    from xiezuo.core.demodate import demo_today
    from xiezuo.pairings.demo import load as load_pairings

    today = demo_today(today)
    keyed = load_pairings()
    existing = SocialPairing.objects.filter(pairing__in=[keyed[p[0]] for p in PAIRS])
    if existing.exists():
        return list(existing)
    rng = random.Random(7452)
    regions = {r.code: r for r in Region.objects.filter(
        valid_to__isnull=True, code__in={p[1] for p in PAIRS})}
    made: list[Any] = []
    for key, code, kind, helper, helper_kind, helped, helped_kind, start in PAIRS:
        pairing: Pairing = keyed[key]
        a, _ = Organisation.objects.get_or_create(name=helper, defaults={
            "kind": helper_kind, "region": pairing.donor})
        b, _ = Organisation.objects.get_or_create(name=helped, defaults={
            "kind": helped_kind, "region": regions[code]})
        pair = SocialPairing.objects.create(
            pairing=pairing, region=regions[code], kind=kind, helper=a, helped=b,
            start_date=start, content=_content(kind))
        made.append(pair)
        for year in range(start.year, min(start.year + 3, today.year) + 1):
            in_kind = rng.random() < 0.5
            made.append(Donation.objects.create(
                social_pairing=pair,
                date=min(max(start, dt.date(year, rng.randrange(6, 12), 1)), today),
                money=Decimal(rng.randrange(2, 60) * 10_000),
                goods=rng.choice(GOODS) if in_kind else "",
                goods_value=Decimal(rng.randrange(1, 20) * 10_000) if in_kind else Decimal(0)))
    return made


def _content(kind: str) -> str:
    texts: dict[str, str] = {
        Kind.SCHOOL: "选派骨干教师支教，开展同步课堂和教研交流，资助家庭困难学生",
        Kind.HOSPITAL: "派驻医疗专家坐诊带教，开展远程会诊，捐赠医疗设备",
        Kind.TOWNSHIP: "干部互访交流，帮助发展特色产业，开展消费帮扶",
        Kind.VILLAGE_ENTERPRISE: "企业吸纳本村劳动力就业，订单收购农产品，捐资改善村容村貌",
        Kind.SOCIAL_ORG: "开展助学、助医和慰问困难群众活动",
    }
    return texts[kind]
