"""Demo projects for the seed pairings, with the figures the seed reports state:
江阳区→盐源县 154 projects and 14654.73万元 in 2016–2022; 龙马潭区→普格县 123 projects and
about 9500万元; 古丈县's 150万元 牛角山茶旅融合扶贫项目 of 2018."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from decimal import Decimal
from typing import Any

from xiezuo.pairings.models import Pairing
from xiezuo.projects.models import NEXT_STATUS, BenefitType, Project, Sector, Status, Transition

TOWNSHIPS = {
    "513423": ["盐井镇", "卫城镇", "梅雨镇", "白乌镇", "树河镇", "双河乡", "金河乡"],
    "513428": ["普基镇", "螺髻山镇", "荞窝镇", "特尔果乡", "五道箐乡", "花山乡"],
    "622901": ["城郊镇", "枹罕镇", "南龙镇", "折桥镇"],
    "622927": ["吹麻滩镇", "大河家镇", "居集镇", "石塬镇", "柳沟乡"],
    "433101": ["乾州街道", "矮寨镇"],
    "433126": ["古阳镇", "默戎镇", "红石林镇"],
}
KINDS = [
    ("industry", "{t}特色产业基地建设项目", BenefitType.DIVIDEND),
    ("industry", "{t}花椒产业提质增效项目", BenefitType.PURCHASE),
    ("industry", "{t}高原夏菜冷链仓储项目", BenefitType.LAND_RENT),
    ("infrastructure", "{t}{v}村组道路硬化项目", BenefitType.OTHER),
    ("infrastructure", "{t}{v}人饮安全巩固提升项目", BenefitType.OTHER),
    ("education", "{t}中心校教学设施改善项目", BenefitType.OTHER),
    ("health", "{t}卫生院医疗设备购置项目", BenefitType.OTHER),
    ("employment", "{t}帮扶车间建设项目", BenefitType.JOBS),
    ("housing", "{t}易地扶贫搬迁安置点配套项目", BenefitType.JOBS),
    ("culture_tourism", "{t}{v}乡村旅游示范村项目", BenefitType.DIVIDEND),
    ("digital", "{t}电商服务站建设项目", BenefitType.PURCHASE),
    ("training", "{t}劳动力技能培训项目", BenefitType.JOBS),
]
VILLAGES = ["红旗", "新民", "团结", "和平", "光明", "向阳", "联合", "幸福"]

# pairing key → (first year, last year or None for "up to the demo's year", number of
# projects, total budget in yuan or None)
PLANS: dict[str, tuple[int, int | None, int, Decimal | None]] = {
    "jy-yy": (2016, 2022, 154, Decimal("146547300.00")),
    "lmt-pg": (2016, 2022, 123, Decimal("95382000.00")),
    "szq-lxs": (2021, None, 14, None),
    "zq-jss": (2021, None, 16, None),
    "jn-xx": (2017, 2020, 8, None),
}


def split(total: Decimal, weights: list[float], step: int = 100) -> list[Decimal]:
    """``total`` split in proportion to ``weights`` in whole multiples of ``step`` yuan
    (budgets are planned in round figures), the remainder on the last part: the parts add up
    to ``total`` exactly."""
    units = int(total // step)
    scale = sum(weights)
    parts = [int(units * w / scale) for w in weights]
    parts[-1] += units - sum(parts)
    out = [Decimal(p * step) for p in parts]
    out[-1] += total - sum(out)
    return out


def _status_for(year: int, rng: random.Random, today: dt.date) -> str:
    age = today.year - year
    if age >= 4:
        return Status.OPERATING
    if age == 3:
        return rng.choice([Status.ACCEPTED, Status.OPERATING])
    if age == 2:
        return rng.choice([Status.COMPLETED, Status.ACCEPTED])
    if age == 1:
        return rng.choice([Status.BUILDING, Status.COMPLETED])
    return rng.choice([Status.PLANNED, Status.APPROVED, Status.BUILDING])


def load(today: dt.date | None = None) -> list[Project]:
    from xiezuo.core.demodate import demo_today
    from xiezuo.pairings.demo import load as load_pairings

    keyed = load_pairings()
    if Project.objects.filter(pairing__in=[keyed[k] for k in PLANS]).exists():
        return list(Project.objects.filter(pairing__in=[keyed[k] for k in PLANS]))
    sectors = {s.code: s for s in Sector.objects.all()}
    rng = random.Random(2260)
    today = demo_today(today)
    projects: list[Project] = []
    for key, (first, until, count, total) in PLANS.items():
        last = until or today.year
        pairing = keyed[key]
        counties = _counties(pairing)
        weights = [rng.uniform(0.3, 3.0) for _ in range(count)]
        budgets = split(total, weights) if total else [
            Decimal(rng.randrange(30, 900) * 10_000) for _ in range(count)]
        for i in range(count):
            year = first + i * (last - first + 1) // count
            county = counties[i % len(counties)]
            township = rng.choice(TOWNSHIPS.get(county.code, ["城关镇"]))
            village = rng.choice(VILLAGES)
            sector, pattern, benefit = KINDS[rng.randrange(len(KINDS))]
            budget = budgets[i]
            social = (budget * rng.choice([0, 0, 1, 2]) / 1000).quantize(Decimal(1)) * 100
            people = rng.randrange(40, 1200)
            projects.append(Project(
                pairing=pairing, region=county, year=year, sector=sectors[sector],
                name=f"{year}年" + pattern.format(t=township, v=village),
                township=township, village=village if "{v}" in pattern else "",
                implementing_unit=f"{county.short_name}{sectors[sector].name.split('/')[0]}主管部门",
                content=_content(sector, rng), planned_start=dt.date(year, 4, 1),
                planned_finish=dt.date(year, 11, 30),
                budget_fiscal=budget - social, budget_social=social,
                budget_local=Decimal(rng.choice([0, 0, 100_000, 300_000])),
                status=_status_for(year, rng, today), benefit_type=benefit,
                benefit_mechanism=_benefit(benefit), beneficiaries=people,
                beneficiaries_poverty=people * rng.randrange(30, 70) // 100,
                beneficiaries_monitored=people * rng.randrange(0, 10) // 100,
                households=people // 4, jobs_created=rng.randrange(0, 80),
                asset_owner=f"{township}{village}村股份经济合作社",
                donor_consent=True, consent_date=dt.date(year, 3, 15),
            ))
    projects.append(Project(
        pairing=keyed["jn-xx"], region=_county("433126"), year=2018,
        sector=sectors["culture_tourism"], name="牛角山茶旅融合扶贫项目", township="默戎镇",
        village="牛角山", implementing_unit="古丈县牛角山村茶叶专业合作社",
        content="茶园提质改造、茶叶加工厂房及茶旅观光设施建设",
        planned_start=dt.date(2018, 3, 1), planned_finish=dt.date(2018, 12, 31),
        budget_fiscal=Decimal("1500000.00"), status=Status.OPERATING,
        benefit_type=BenefitType.DIVIDEND,
        benefit_mechanism="公司+专业合作社+科研院所+基地+农户+建档立卡贫困户，带农、带贫、带邻村、带村集体经济发展",
        beneficiaries=1260, beneficiaries_poverty=560, households=315, jobs_created=86,
        asset_owner="牛角山村集体经济组织", donor_consent=True, consent_date=dt.date(2018, 2, 20),
    ))
    for p in projects:
        p.status_date = _status_date(p, today)
    Project.objects.bulk_create(projects, batch_size=200)
    saved = list(Project.objects.filter(pairing__in=[keyed[k] for k in PLANS]))
    Transition.objects.bulk_create(
        [t for p in saved for t in _transitions(p, today)], batch_size=500)
    return saved


def _county(code: str) -> Any:
    from xiezuo.regions.models import Region

    return Region.objects.get(code=code, valid_to__isnull=True)


def _counties(pairing: Pairing) -> list[Any]:
    """The recipient's counties where it has any, the recipient itself for a county pairing."""
    if pairing.recipient.level == "county":
        return [pairing.recipient]
    codes = [c for c in TOWNSHIPS if c.startswith(pairing.recipient.scope_key)]
    return [_county(c) for c in codes] or [pairing.recipient]


def _status_date(p: Project, today: dt.date) -> dt.date:
    steps = _steps(p.status)
    return min(dt.date(p.year, 3, 20) + dt.timedelta(days=60 * (len(steps) - 1)), today)


def _steps(status: str) -> list[str]:
    path: list[str] = [Status.PLANNED]
    while path[-1] != status:
        path.append(NEXT_STATUS[path[-1]])
    return path


def _transitions(p: Project, today: dt.date) -> list[Transition]:
    steps = _steps(p.status)
    start = dt.date(p.year, 3, 20)
    return [Transition(project=p, from_status=a, to_status=b,
                       date=min(start + dt.timedelta(days=60 * (i + 1)), today))
            for i, (a, b) in enumerate(itertools.pairwise(steps))]


def _content(sector: str, rng: random.Random) -> str:
    texts: dict[str, str] = {
        "industry": f"新建标准化种植基地 {rng.randrange(200, 2000)} 亩，配套灌溉和仓储设施",
        "infrastructure": f"硬化村组道路 {rng.randrange(3, 25)} 公里，配套排水和安保设施",
        "education": "改造教学楼、购置多媒体教学设备和学生课桌椅",
        "health": "购置数字化 X 光机、彩超等医疗设备，改造门诊用房",
        "employment": f"建设帮扶车间 {rng.randrange(800, 4000)} 平方米，引进劳动密集型企业入驻",
        "housing": "安置点道路、供排水、公共服务设施配套",
        "culture_tourism": "民宿改造、游客服务中心和观光步道建设",
        "digital": "建设县乡村三级电商服务站点，开展网货开发和直播带货",
        "training": f"开展家政、厨师、电工等技能培训 {rng.randrange(5, 30)} 期",
    }
    return texts.get(sector, "")


def _benefit(kind: str) -> str:
    texts: dict[str, str] = {
        BenefitType.DIVIDEND: "资产折股量化到村集体，收益按不低于 6% 分红，"
                              "优先分配给脱贫户和监测户",
        BenefitType.JOBS: "优先吸纳脱贫劳动力和监测对象就业，月工资不低于 2500 元",
        BenefitType.LAND_RENT: "流转农户土地，每亩每年支付租金 600 元",
        BenefitType.PURCHASE: "与龙头企业签订保底收购协议，带动农户增收",
    }
    return texts.get(kind, "")
