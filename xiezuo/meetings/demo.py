"""Demo meetings, visits and agreements.

From the seed reports: the 济南—湘西 joint meeting of 26 June 2019 and its two agreements
(seed 000); the 青岛 delegation to 菏泽 on 26–27 August 2016, the framework agreement and the
five projects signed (seed 001); the 泸州 delegation to 凉山 on 1–2 December 2022, the four
agreements signed and the 2022 funds handed over, amount not stated (seed 004). Besides them,
yearly joint meetings and agreements of the other pairings, with made-up names.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from xiezuo.meetings.models import (
    Agreement,
    AgreementKind,
    Direction,
    EventType,
    Meeting,
    Official,
    Role,
    Side,
    Source,
)
from xiezuo.pairings.models import Pairing
from xiezuo.regions.models import Region

D, R = Side.DONOR, Side.RECIPIENT
# key → (pairing key, region code, type, title, start, end, place, summary, funds note,
#        officials [(side, name, title, role)], agreements [(a, b, title, kind, region)],
#        sources [(title, publisher, published)])
SEEDS: list[dict[str, Any]] = [
    {"pairing": "jn-xx", "region": "433100", "type": EventType.JOINT_MEETING,
     "title": "济南市—湘西州东西部扶贫协作联席会议", "start": dt.date(2019, 6, 26), "end": None,
     "place": "湘西州吉首市",
     "summary": "观看湘西州扶贫协作宣传片，湘西州介绍东西部扶贫协作工作情况；"
                "山东省商业集团与湘西州人民政府、花垣县人民政府签订合作协议。"
                "下午为阳光大姐湘西培训基地揭牌，考察古丈县牛角山茶旅融合扶贫项目。",
     "funds_note": "",
     "officials": [(D, "王忠林", "山东省委常委、济南市委书记", Role.LEAD),
                   (R, "叶红专", "湖南省人大常委会副主任、湘西州委书记", Role.CHAIR),
                   (R, "龙晓华", "湘西州委副书记、州长", Role.SPEAK),
                   (D, "蒋晓光", "济南市委常委、秘书长", Role.ATTEND),
                   (D, "王宏志", "济南市委常委、济南高新区管委会主任", Role.ATTEND),
                   (D, "王京文", "济南市副市长", Role.ATTEND),
                   (D, "高洪雷", "山东省商业集团董事长", Role.ATTEND)],
     "agreements": [("山东省商业集团", "湘西州人民政府", "产业合作协议", AgreementKind.COOPERATION,
                     "433100"),
                    ("山东省商业集团", "花垣县人民政府", "全域旅游合作协议",
                     AgreementKind.COOPERATION, "433124")],
     "sources": []},
    {"pairing": "qd-hz", "region": "371700", "type": EventType.VISIT,
     "title": "青岛市党政考察团赴菏泽市考察对接扶贫协作工作", "start": dt.date(2016, 8, 26),
     "end": dt.date(2016, 8, 27), "place": "菏泽市",
     "summary": "缅怀冀鲁豫边区革命烈士，考察青岛啤酒菏泽有限公司、尧舜牡丹产业园等，"
                "走访慰问贫困户；8月27日出席青岛与菏泽扶贫协作座谈会暨合作签约仪式，"
                "两市签署扶贫协作协议，5个合作项目签约。",
     "funds_note": "",
     "officials": [(D, "李群", "山东省委常委、青岛市委书记", Role.LEAD),
                   (D, "张新起", "青岛市委副书记、市长", Role.LEAD),
                   (R, "孙爱军", "中共菏泽市委书记", Role.SPEAK),
                   (D, "吴晓峰", "青岛昌盛日电太阳能科技股份有限公司总经理", Role.ATTEND),
                   (D, "王继山", "索拓公司董事长", Role.ATTEND)],
     "agreements": [("青岛市", "菏泽市", "青岛市菏泽市扶贫协作协议（政府和企业界合作框架）",
                     AgreementKind.FRAMEWORK, "371700"),
                    ("青岛钰泉环保有限公司", "曹县", "曹县第六纪环保再生科技产业园项目",
                     AgreementKind.COOPERATION, "371721"),
                    ("青岛昌盛日电太阳能科技股份有限公司", "单县", "100MW光伏扶贫农业综合体项目",
                     AgreementKind.COOPERATION, "371722"),
                    ("青岛昌盛日电太阳能科技股份有限公司", "巨野县", "100MW光伏扶贫农业综合体项目",
                     AgreementKind.COOPERATION, "371724"),
                    ("青岛昌盛日电太阳能科技股份有限公司", "郓城县", "光伏扶贫农业综合体项目",
                     AgreementKind.COOPERATION, "371725"),
                    ("索拓（青岛）显示设备有限公司", "菏泽市高新区",
                     "年产11万台智能液晶触摸白板、8万台投影机、15万片交互式电子白板项目",
                     AgreementKind.COOPERATION, "371700")],
     "signed_on": dt.date(2016, 8, 27),
     "sources": [("落实中央“宁夏座谈会”精神,青岛携手菏泽打响扶贫攻坚战",
                  "郓城信息港（来源：青岛网络广播电视台）", dt.date(2016, 9, 2))]},
    {"pairing": "lz-ls", "region": "513400", "type": EventType.VISIT,
     "title": "泸州市党政代表团赴凉山州对接调研对口帮扶工作", "start": dt.date(2022, 12, 1),
     "end": dt.date(2022, 12, 2), "place": "凉山州普格县、盐源县",
     "summary": "考察普格县螺髻山乌鸡选育基地、螺髻山中学校和盐源县龙口河村乡村振兴示范点、"
                "盐源中学等项目；举行对口帮扶工作联席会议；与援彝干部代表座谈交流。",
     "funds_note": "江阳区、龙马潭区分别向盐源县、普格县交付2022年对口帮扶资金（报道未写金额）",
     "officials": [(D, "杨林兴", "泸州市委书记、市省内对口帮扶工作领导小组组长", Role.LEAD),
                   (R, "段毅君", "凉山彝族自治州委书记", Role.ACCOMPANY),
                   (R, "阿石拉比", "凉山彝族自治州委副书记、州长", Role.ACCOMPANY),
                   (D, "郭宏川", "泸州市委常委、江阳区委书记", Role.ATTEND),
                   (D, "王斌达", "泸州市副市长", Role.ATTEND),
                   (R, "尹江涛", "凉山彝族自治州领导", Role.ATTEND),
                   (R, "苏正清", "凉山彝族自治州领导", Role.ATTEND),
                   (R, "王永贵", "凉山彝族自治州领导", Role.ATTEND)],
     "agreements": [("江阳区", "盐源县", "深化干部人才培养交流工作框架协议",
                     AgreementKind.FRAMEWORK, "513423", "jy-yy"),
                    ("龙马潭区", "普格县", "科研用高粱采购合同", AgreementKind.CONTRACT, "513428",
                     "lmt-pg"),
                    ("龙马潭区", "普格县", "乌鸡项目运营合作协议", AgreementKind.COOPERATION,
                     "513428", "lmt-pg"),
                    ("龙马潭区", "普格县", "人才联盟协同发展协议", AgreementKind.COOPERATION,
                     "513428", "lmt-pg")],
     "sources": [("杨林兴率队赴凉山州对接调研泸州市对口帮扶工作强调："
                  "把两地的特色优势战略性地嫁接好发挥好，"
                  "在全面建设社会主义现代化国家的新征程上相得益彰相互辉映",
                  "川南在线（来源：川江号）", dt.date(2022, 12, 4))]},
]
# pairing key → (first year, last year or None for "up to the demo's year", the recipient
# region where its meetings are held)
ROUTINE: dict[str, tuple[int, int | None, str]] = {
    "jn-lx": (2021, None, "622900"),
    "szq-lxs": (2021, None, "622901"),
    "zq-jss": (2021, None, "622927"),
    "jy-yy": (2017, 2021, "513423"),
    "lmt-pg": (2017, 2021, "513428"),
}
SURNAMES = "王李张刘陈杨黄赵周吴徐孙马朱胡郭何高林罗"
GIVEN = "伟强军洋勇杰涛明超刚建华文辉斌宇鹏海飞峰"


def load(today: dt.date | None = None) -> list[Any]:
    from xiezuo.core.demodate import demo_today
    from xiezuo.pairings.demo import load as load_pairings

    today = demo_today(today)
    keyed = load_pairings()
    seed_titles = [s["title"] for s in SEEDS]
    if Meeting.objects.filter(title__in=seed_titles).exists():
        return list(Meeting.objects.filter(pairing__in=keyed.values()))
    codes = {s["region"] for s in SEEDS} | {a[4] for s in SEEDS for a in s["agreements"]} | {
        r[2] for r in ROUTINE.values()}
    regions = {r.code: r for r in Region.objects.filter(valid_to__isnull=True, code__in=codes)}
    made: list[Any] = []
    for seed in SEEDS:
        made += _seed(seed, keyed, regions)
    rng = random.Random(2019)
    for key, (first, last, code) in ROUTINE.items():
        for year in range(first, (last or today.year) + 1):
            made += _routine(keyed[key], regions[code], year, rng, today)
    return made


def _seed(seed: dict[str, Any], keyed: dict[str, Pairing], regions: dict[str, Region]
          ) -> list[Any]:
    pairing, region = keyed[seed["pairing"]], regions[seed["region"]]
    meeting = Meeting.objects.create(
        pairing=pairing, region=region, type=seed["type"], title=seed["title"],
        start_date=seed["start"], end_date=seed["end"], place=seed["place"],
        direction=Direction.TO_RECIPIENT, summary=seed["summary"], funds_note=seed["funds_note"])
    made: list[Any] = [meeting]
    made += Official.objects.bulk_create([
        Official(meeting=meeting, side=side, name=name, title=title, role=role)
        for side, name, title, role in seed["officials"]])
    for a, b, title, kind, code, *own in seed["agreements"]:
        made.append(Agreement.objects.create(
            meeting=meeting, pairing=keyed[own[0]] if own else pairing, region=regions[code],
            party_a=a, party_b=b, title=title, kind=kind,
            signed_on=seed.get("signed_on", seed["start"])))
    made += Source.objects.bulk_create([
        Source(meeting=meeting, title=title, publisher=publisher, published_on=day)
        for title, publisher, day in seed["sources"]])
    return made


def _routine(pairing: Pairing, region: Region, year: int, rng: random.Random, today: dt.date
             ) -> list[Any]:
    """A joint meeting a year at the recipient side, with the year's agreement (so each
    year's figures of both sides have their meeting); in even years also the recipient's
    delegation visiting the donor."""
    assert pairing.donor is not None
    donor, recipient = pairing.donor.short_name, pairing.recipient.short_name
    start = min(dt.date(year, rng.randrange(3, 10), rng.randrange(1, 28)), today)
    meeting = Meeting.objects.create(
        pairing=pairing, region=region, type=EventType.JOINT_MEETING,
        title=f"{donor}—{recipient}{year}年协作工作联席会议",
        start_date=start, end_date=min(start + dt.timedelta(days=1), today),
        place=recipient, direction=Direction.TO_RECIPIENT,
        summary="总结上年度协作工作，研究确定本年度协作重点任务清单。")
    officials = [
        Official(meeting=meeting, side=Side.DONOR, name=_name(rng),
                 title=f"{donor}党政代表团团长", role=Role.LEAD),
        Official(meeting=meeting, side=Side.RECIPIENT, name=_name(rng),
                 title=f"{recipient}主要负责同志", role=Role.CHAIR),
        Official(meeting=meeting, side=Side.DONOR, name=_name(rng),
                 title=f"{donor}协作办主任", role=Role.SPEAK),
    ]
    made: list[Any] = [meeting]
    if year % 2 == 0:
        day = min(dt.date(year, rng.randrange(9, 12), rng.randrange(1, 28)), today)
        if day > start:
            visit = Meeting.objects.create(
                pairing=pairing, region=pairing.donor, type=EventType.VISIT,
                title=f"{recipient}党政代表团赴{donor}考察对接协作工作",
                start_date=day, end_date=min(day + dt.timedelta(days=1), today),
                place=donor, direction=Direction.TO_DONOR,
                summary="考察产业合作和劳务协作项目，对接消费帮扶，座谈交流。")
            officials += [
                Official(meeting=visit, side=Side.RECIPIENT, name=_name(rng),
                         title=f"{recipient}党政代表团团长", role=Role.LEAD),
                Official(meeting=visit, side=Side.DONOR, name=_name(rng),
                         title=f"{donor}主要负责同志", role=Role.CHAIR)]
            made.append(visit)
    Official.objects.bulk_create(officials)
    agreement = Agreement.objects.create(
        meeting=meeting, pairing=pairing, region=pairing.recipient,
        party_a=f"{donor}人民政府", party_b=f"{recipient}人民政府",
        title=f"{year}年度{donor}—{recipient}协作协议", kind=AgreementKind.FRAMEWORK,
        signed_on=start, amount=Decimal(rng.randrange(20, 120) * 1_000_000))
    return [*made, *officials, agreement]


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
