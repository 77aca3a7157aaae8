"""Demo cadres, 组团式 teams and training courses for the seed pairings.

Seed facts (seed 004, 2022): 江阳区 sent 320 cadres and talent to 盐源县 since 2016, 龙马潭区 268
to 普格县; and under the 组团式 scheme 19 teachers of 6 senior (vocational) schools of 江阳区
and 泸县 took over 3 schools of 盐源县 and 普格县. Names are made up.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from xiezuo.pairings.models import Pairing
from xiezuo.people.models import (
    Cadre,
    CadreType,
    Direction,
    Organiser,
    TargetGroup,
    Team,
    TeamKind,
    Training,
)
from xiezuo.regions.models import Region

SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢"
            "宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢")
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂兰志红建华玉萍文辉林斌宇鹏海燕飞琳晨雪峰"

# pairing key → (first year, last year or None for "up to the demo's year", 东→西 postings,
# 西→东 postings, recipient counties)
PLANS: dict[str, tuple[int, int | None, int, int, list[str]]] = {
    "jy-yy": (2016, 2022, 320, 12, ["513423"]),
    "lmt-pg": (2016, 2022, 268, 8, ["513428"]),
    "szq-lxs": (2021, None, 24, 6, ["622901"]),
    "zq-jss": (2021, None, 30, 6, ["622927"]),
    "jn-xx": (2017, 2020, 40, 10, ["433101", "433124", "433126"]),
}
# 组团式 (seed 004): team → (pairing key, county, host school, [(home school, teachers)])
TEAMS: list[tuple[str, str, str, str, list[tuple[str, int]]]] = [
    ("盐源中学教育组团式帮扶团队", "jy-yy", "513423", "盐源中学",
     [("泸州市第十八中学校", 4), ("泸州老窖天府中学", 4)]),
    ("盐源县职业技术中学教育组团式帮扶团队", "jy-yy", "513423", "盐源县职业技术中学校",
     [("泸州市江阳职业高级中学校", 4)]),
    ("普格中学教育组团式帮扶团队", "lz-ls", "513428", "普格中学",
     [("四川省泸县第一中学", 3), ("四川省泸县第二中学", 2), ("四川省泸县建筑职业中专学校", 2)]),
]
TEAM_START, TEAM_END = dt.date(2022, 8, 25), dt.date(2023, 7, 15)

TYPES = [CadreType.PARTY_GOVERNMENT] * 15 + [CadreType.EDUCATION] * 35 + \
    [CadreType.MEDICAL] * 30 + [CadreType.AGRICULTURE] * 10 + [CadreType.SCIENCE] * 5 + \
    [CadreType.OTHER] * 5
UNITS = {
    CadreType.PARTY_GOVERNMENT: ["发展和改革局", "农业农村局", "乡村振兴局", "商务局",
                                 "人力资源和社会保障局", "住房和城乡建设局"],
    CadreType.EDUCATION: ["第一中学", "实验小学", "职业高级中学", "第二中学"],
    CadreType.MEDICAL: ["人民医院", "中医医院", "妇幼保健院"],
    CadreType.AGRICULTURE: ["农业技术推广中心", "畜牧兽医站"],
    CadreType.SCIENCE: ["科学技术局", "科技服务中心"],
    CadreType.OTHER: ["文化广播电视和旅游局", "团委"],
}
POSTS = {
    CadreType.PARTY_GOVERNMENT: ["县委常委、副县长", "乡村振兴局副局长", "发改局副局长",
                                 "乡镇党委副书记"],
    CadreType.EDUCATION: ["教师", "副校长", "教研组长"],
    CadreType.MEDICAL: ["主治医师", "副院长", "科室主任"],
    CadreType.AGRICULTURE: ["农技专家", "畜牧技术员"],
    CadreType.SCIENCE: ["科技特派员"],
    CadreType.OTHER: ["挂职干部"],
}
MONTHS = {CadreType.PARTY_GOVERNMENT: (12, 24), CadreType.EDUCATION: (6, 12),
          CadreType.MEDICAL: (6, 12), CadreType.AGRICULTURE: (3, 12),
          CadreType.SCIENCE: (3, 12), CadreType.OTHER: (6, 12)}
TOPICS = [
    (TargetGroup.CADRES, "乡村振兴专题培训班"),
    (TargetGroup.CADRES, "基层党组织书记能力提升培训班"),
    (TargetGroup.TECHNICIANS, "骨干教师跟岗研修班"),
    (TargetGroup.TECHNICIANS, "基层医务人员业务培训班"),
    (TargetGroup.RURAL_LABOUR, "家政服务技能培训班"),
    (TargetGroup.RURAL_LABOUR, "电工焊工技能培训班"),
    (TargetGroup.LEADERS, "乡村振兴带头人培训班"),
]


def load(today: dt.date | None = None) -> list[Any]:
    from xiezuo.core.demodate import demo_today
    from xiezuo.pairings.demo import load as load_pairings

    today = demo_today(today)
    keyed = load_pairings()
    if Cadre.objects.filter(pairing=keyed["jy-yy"]).exists():
        return list(Cadre.objects.filter(pairing__in=[keyed[k] for k in PLANS]))
    rng = random.Random(3202)
    names = _Names(rng)
    regions = {r.code: r for r in Region.objects.filter(valid_to__isnull=True, code__in={
        c for plan in PLANS.values() for c in plan[4]} | {t[2] for t in TEAMS})}
    teams, members = _teams(keyed, regions, names, rng)
    cadres: list[Cadre] = []
    for key, (first, until, east_west, west_east, counties) in PLANS.items():
        last = until or today.year
        pairing = keyed[key]
        team_members = [m for m in members if m.pairing_id == pairing.pk]
        cadres += team_members
        for i in range(east_west - len(team_members)):
            county = regions[counties[i % len(counties)]]
            cadres.append(_posting(pairing, county, Direction.EAST_WEST, first, last, i,
                                   east_west, names, rng, today))
        for i in range(west_east):
            cadres.append(_posting(pairing, _donor(pairing), Direction.WEST_EAST, first, last,
                                   i, west_east, names, rng, today))
    cadres += [m for m in members if m.pairing_id not in {keyed[k].pk for k in PLANS}]
    Cadre.objects.bulk_create(cadres, batch_size=500)
    trainings = _trainings(keyed, regions, rng, today)
    Training.objects.bulk_create(trainings)
    return [*teams, *cadres, *trainings]


class _Names:
    """Made-up names, each used once."""

    def __init__(self, rng: random.Random) -> None:
        self.rng, self.used = rng, set[str]()

    def __call__(self) -> str:
        while True:
            name = self.rng.choice(SURNAMES) + "".join(
                self.rng.choice(GIVEN) for _ in range(self.rng.choice((1, 2, 2))))
            if name not in self.used:
                self.used.add(name)
                return name


def _donor(pairing: Pairing) -> Region:
    assert pairing.donor is not None
    return pairing.donor


def _posting(pairing: Pairing, region: Region, direction: str, first: int, last: int, i: int,
             count: int, names: _Names, rng: random.Random, today: dt.date) -> Cadre:
    kind = rng.choice(TYPES)
    year = first + i * (last - first + 1) // count
    start = min(dt.date(year, rng.choice((3, 4, 7, 8, 9)), rng.randrange(1, 29)), today)
    low, high = MONTHS[kind]
    end = start + dt.timedelta(days=round(rng.randrange(low, high + 1) * 30.44) - 1)
    donor, recipient = _donor(pairing).short_name, region.short_name
    if direction == Direction.WEST_EAST:
        home, host = pairing.recipient.short_name, _donor(pairing).short_name
        post = "跟岗学习"
    else:
        home, host = donor, recipient
        post = rng.choice(POSTS[kind])
    return Cadre(pairing=pairing, region=region, name=names(), direction=direction, type=kind,
                 home_unit=home + rng.choice(UNITS[kind]), host_unit=host + rng.choice(UNITS[kind]),
                 post=post, start_date=start, end_date=end)


def _teams(keyed: dict[str, Pairing], regions: dict[str, Region], names: _Names,
           rng: random.Random) -> tuple[list[Team], list[Cadre]]:
    teams, members = [], []
    for name, key, county, school, sources in TEAMS:
        team = Team.objects.create(
            pairing=keyed[key], region=regions[county], name=name, kind=TeamKind.EDUCATION,
            host_unit=school, start_date=TEAM_START, end_date=TEAM_END,
            notes="按照中组部“组团式”帮扶工作要求选派。")
        teams.append(team)
        for home, n in sources:
            for _i in range(n):
                members.append(Cadre(
                    pairing=keyed[key], region=regions[county], name=names(),
                    direction=Direction.EAST_WEST, type=CadreType.EDUCATION, team=team,
                    home_unit=home, host_unit=school, post=rng.choice(["教师", "教研组长"]),
                    start_date=TEAM_START, end_date=TEAM_END))
    return teams, members


def _trainings(keyed: dict[str, Pairing], regions: dict[str, Region],
               rng: random.Random, today: dt.date) -> list[Training]:
    out = []
    for key, (first, last, _e, _w, counties) in PLANS.items():
        pairing = keyed[key]
        for year in range(first, (last or today.year) + 1):
            for n in range(rng.randrange(2, 5)):
                group, topic = rng.choice(TOPICS)
                county = regions[counties[n % len(counties)]]
                start = min(dt.date(year, rng.randrange(3, 12), rng.randrange(1, 25)), today)
                at_donor = rng.random() < 0.4
                people = rng.randrange(20, 160)
                out.append(Training(
                    pairing=pairing, region=county, topic=f"{year}年{county.short_name}{topic}",
                    target_group=group, start_date=start,
                    end_date=start + dt.timedelta(days=rng.choice((2, 4, 6, 13))),
                    place=(f"{_donor(pairing).short_name}（{rng.choice(['党校', '职业技术学院'])}）"
                           if at_donor else f"{county.short_name}党校"),
                    organiser=Organiser.DONOR if at_donor else rng.choice(
                        [Organiser.RECIPIENT, Organiser.JOINT]),
                    participants=people,
                    participants_poverty=people * rng.randrange(0, 60) // 100
                    if group == TargetGroup.RURAL_LABOUR else 0))
    return out
