"""Demo checklists: the year's task list of 济南—临夏州 and of 龙马潭区—普格县 with tasks done,
in progress and overdue; a few household visits and the problems they raised, some cleared.
Dates are relative to today so that the lists look current."""

from __future__ import annotations

import datetime as dt
from typing import Any

from xiezuo.accounts.models import Office
from xiezuo.checklists.models import (
    Problem,
    ProblemSource,
    Task,
    TaskProgress,
    TaskSource,
    TaskStatus,
    Visit,
)
from xiezuo.meetings.models import Agreement
from xiezuo.regions.models import Region

JINAN, LINXIA = "济南市东西部协作办公室", "临夏州东西部协作办公室"
LINXIASHI, PUGE = "临夏市东西部协作工作组", "普格县对口帮扶工作组"

# (pairing key, region code, title, owner office, deadline in days from today, status,
#  done days ago, progress notes [(days ago, note)])
TASKS: list[tuple[str, str, str, str, int, str, int | None, list[tuple[int, str]]]] = [
    ("jn-lx", "622900", "召开济南—临夏东西部协作联席会议", JINAN, -150, TaskStatus.DONE, 160,
     [(170, "会议方案报两地党委审定")]),
    ("jn-lx", "622900", "签订年度东西部协作协议并分解目标任务", LINXIA, -120, TaskStatus.DONE, 125,
     []),
    ("jn-lx", "622900", "财政援助资金全部拨付到位", JINAN, -30, TaskStatus.IN_PROGRESS, None,
     [(60, "已拨付 80%，余款待项目验收后拨付")]),
    ("jn-lx", "622900", "选派专业技术人才 60 名到临夏州开展帮扶", JINAN, 20,
     TaskStatus.IN_PROGRESS, None, [(40, "已到岗 48 名，其余 12 名下月到岗")]),
    ("jn-lx", "622900", "举办临夏特色农产品济南展销会", LINXIA, -10, TaskStatus.NOT_STARTED,
     None, []),
    ("jn-lx", "622900", "共建产业园区新引进企业 5 家", LINXIA, 35, TaskStatus.IN_PROGRESS, None,
     [(15, "已签约 3 家，2 家在洽谈")]),
    ("szq-lxs", "622901", "完成劳务协作年度输转任务", LINXIASHI, 25, TaskStatus.IN_PROGRESS,
     None, [(20, "已输转 1260 人，完成 84%")]),
    ("lmt-pg", "513428", "对口帮扶项目全部开工", PUGE, -60, TaskStatus.DONE, 70, []),
    ("lmt-pg", "513428", "龙马潭区医疗组团式帮扶普格县人民医院年度考核", PUGE, -5,
     TaskStatus.IN_PROGRESS, None, [(12, "考核材料已收集，待帮扶方复核")]),
    ("lmt-pg", "513428", "普格县农产品进泸州机关食堂", PUGE, 45, TaskStatus.NOT_STARTED, None,
     []),
]

# (pairing key, region code, visitor, office, household, village, findings, days ago,
#  problem: (description, owner, due days after visit, cleared days after visit or None, note))
VISITS: list[tuple[str, str, str, str, str, str, str, int, tuple[Any, ...] | None]] = [
    ("szq-lxs", "622901", "王建军", LINXIASHI, "马国强", "城郊镇王坪村",
     "家中 2 人在济南务工，收入稳定；老人慢性病报销手续未办结。", 50,
     ("马国强家老人慢性病门诊报销手续未办结", LINXIASHI, 20, 15, "已协调乡卫生院办结报销手续。")),
    ("szq-lxs", "622901", "李娜", LINXIASHI, "何玉兰", "枹罕镇石头洼村",
     "帮扶车间订单减少，家中 1 人待岗。", 20,
     ("石头洼村帮扶车间订单不足，务工人员待岗", LINXIASHI, 15, None, "")),
    ("lmt-pg", "513428", "张勇", PUGE, "吉克阿呷", "螺髻山镇",
     "安置房入住正常，饮水管道冬季易冻。", 40,
     ("吉克阿呷家所在安置点饮水管道冬季冻裂", PUGE, 30, 25, "已更换保温管道并复查。")),
    ("lmt-pg", "513428", "张勇", PUGE, "沙马日古", "特补乡",
     "产业分红已到账；孩子就读情况良好。", 10, None),
]


def _office(name: str) -> Office:
    return Office.objects.get(name=name)


def load(today: dt.date | None = None) -> list[Any]:
    from xiezuo.accounts.demo import load as load_accounts
    from xiezuo.core.demodate import demo_today
    from xiezuo.pairings.demo import load as load_pairings

    keyed = load_pairings()
    load_accounts()
    today = demo_today(today)
    regions = {r.code: r for r in Region.objects.filter(
        valid_to__isnull=True, code__in={t[1] for t in TASKS} | {v[1] for v in VISITS})}
    made: list[Any] = []
    agreement = Agreement.objects.filter(pairing=keyed["jn-lx"]).order_by("-signed_on").first()
    for key, code, title, owner, due, status, done_ago, notes in TASKS:
        task = Task.objects.filter(pairing=keyed[key], title=title).first()
        if task is None:
            linked = agreement if (agreement and "协议" in title) else None
            task = Task.objects.create(
                pairing=keyed[key], region=regions[code], year=today.year, title=title,
                owner_office=_office(owner), deadline=max(today + dt.timedelta(days=due),
                                                          dt.date(today.year, 1, 15)),
                status=status, source=TaskSource.AGREEMENT if linked else TaskSource.MANUAL,
                agreement=linked,
                done_on=today - dt.timedelta(days=done_ago) if done_ago is not None else None)
            for ago, note in notes:
                TaskProgress.objects.create(task=task, date=today - dt.timedelta(days=ago),
                                            note=note)
        made.append(task)
    for key, code, visitor, office, household, village, findings, ago, problem in VISITS:
        day = today - dt.timedelta(days=ago)
        visit = Visit.objects.filter(pairing=keyed[key], household=household).first()
        if visit is None:
            visit = Visit.objects.create(
                pairing=keyed[key], region=regions[code], date=day, visitor=visitor,
                visitor_office=_office(office), household=household, village=village,
                findings=findings)
            if problem is not None:
                description, owner, due, cleared, note = problem
                Problem.objects.create(
                    pairing=keyed[key], region=regions[code], description=description,
                    source=ProblemSource.VISIT, visit=visit, owner_office=_office(owner),
                    found_on=day, due_on=day + dt.timedelta(days=due),
                    cleared_on=day + dt.timedelta(days=cleared) if cleared is not None else None,
                    clearing_note=note)
        made.append(visit)
    return made
