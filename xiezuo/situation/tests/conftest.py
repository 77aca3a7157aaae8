"""A small hand-checked month: 临夏市 in March 2024, with rows just outside the month and in
普格县 that must not count."""

import datetime as dt
import random
from decimal import Decimal

import pytest

from xiezuo.accounts.models import Office
from xiezuo.checklists.models import Problem, Task, TaskStatus
from xiezuo.consumption.models import Consumption
from xiezuo.core.personal import fake_id_number
from xiezuo.funds.models import FundMovement, MovementType
from xiezuo.labour.models import LabourRecord
from xiezuo.ledgers.models import ReportingSide
from xiezuo.ledgers.testing import county
from xiezuo.meetings.models import Meeting
from xiezuo.people.models import Cadre, Training
from xiezuo.projects.models import Project, Sector, Status, Transition

D = dt.date
_rng = random.Random(7)


def fill(demo, where):
    pairing, region = county(demo, where)
    office = Office.objects.get(name={"linxia": "临夏市东西部协作工作组",
                                      "puge": "普格县对口帮扶工作组"}[where])
    base = {"pairing": pairing, "region": region}
    sector = Sector.objects.get(code="industry")
    for name, moves in (("花椒基地", [(Status.APPROVED, D(2024, 3, 5)),
                                     (Status.BUILDING, D(2024, 3, 10))]),
                        ("扶贫车间", [(Status.COMPLETED, D(2024, 3, 20))]),
                        ("冷链仓库", [(Status.APPROVED, D(2024, 2, 28))])):
        p = Project.objects.create(**base, year=2024, name=f"{region.short_name}{name}",
                                   sector=sector, status=moves[-1][0])
        before = Status.PLANNED
        for to, day in moves:
            Transition.objects.create(project=p, from_status=before, to_status=to, date=day)
            before = to

    def move(kind, amount, day, side=ReportingSide.RECIPIENT):
        FundMovement.objects.create(**base, year=2024, date=day, type=kind,
                                    amount=Decimal(amount), reported_by=side)

    move(MovementType.COMMITMENT, "2000000", D(2024, 1, 10), ReportingSide.DONOR)
    move(MovementType.TRANSFER, "1000000", D(2024, 2, 10))
    move(MovementType.ALLOCATION, "600000", D(2024, 2, 20))
    move(MovementType.SPENDING, "100000", D(2024, 2, 25))
    move(MovementType.TRANSFER, "500000", D(2024, 3, 10))
    move(MovementType.ALLOCATION, "400000", D(2024, 3, 15))
    move(MovementType.SPENDING, "300000", D(2024, 3, 25))
    move(MovementType.SPENDING, "50000", D(2024, 4, 2))  # after the month
    for direction, day in (("east_west", D(2024, 3, 1)), ("west_east", D(2024, 3, 31)),
                           ("east_west", D(2024, 4, 1))):
        Cadre.objects.create(**base, name="干部", type="medical", direction=direction,
                             home_unit="派出医院", host_unit="县人民医院", start_date=day)
    Training.objects.create(**base, topic="培训班", target_group="cadres",
                            start_date=D(2024, 3, 8), end_date=D(2024, 3, 12), place="党校",
                            organiser="joint", participants=60)
    for status, day in (("poverty", D(2024, 3, 3)), ("other", D(2024, 3, 30)),
                        ("poverty", D(2024, 2, 27))):
        LabourRecord.objects.create(
            **base, year=2024, name="马小梅",
            id_number=fake_id_number(_rng, region.code[:4], D(1990, 5, 17)), village="团结村",
            status=status, destination="donor", employer="济南某公司", start_date=day)
    for kind, amount, day in (("purchase", "120000", D(2024, 3, 20)),
                              ("help_sell", "30000", D(2024, 3, 21)),
                              ("purchase", "99000", D(2024, 4, 1))):
        Consumption.objects.create(**base, date=day, kind=kind, buyer_type="government",
                                   buyer="机关食堂", channel="canteen", category="meat_egg",
                                   product="羊肉", amount=Decimal(amount))
    for title, deadline, done in (("逾期任务", D(2024, 3, 15), None),
                                  ("按期完成", D(2024, 3, 31), D(2024, 3, 10)),
                                  ("迟交任务", D(2024, 3, 1), D(2024, 4, 10)),
                                  ("下月任务", D(2024, 4, 30), None)):
        Task.objects.create(**base, year=2024, title=f"{region.short_name}{title}",
                            owner_office=office, deadline=deadline,
                            status=TaskStatus.DONE if done else TaskStatus.IN_PROGRESS,
                            done_on=done)
    for found, due, cleared in ((D(2024, 3, 2), D(2024, 3, 31), D(2024, 3, 20)),
                                (D(2024, 3, 9), D(2024, 3, 31), None),
                                (D(2024, 2, 5), D(2024, 2, 29), None)):
        Problem.objects.create(**base, description=f"{region.short_name}问题{found}",
                               owner_office=office, found_on=found, due_on=due,
                               cleared_on=cleared, clearing_note="已整改" if cleared else "")
    Meeting.objects.create(**base, type="symposium", title=f"{region.short_name}协作座谈会",
                           start_date=D(2024, 3, 18), place=region.short_name)


@pytest.fixture
def month(demo):
    fill(demo, "linxia")
    fill(demo, "puge")
    return county(demo, "linxia")[1]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Archived files go to a throwaway folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
