import datetime as dt
import itertools

import pytest

from xiezuo.accounts.models import Office
from xiezuo.checklists.ledger import ProblemLedger, TaskLedger, VisitLedger
from xiezuo.checklists.models import Problem, Task, TaskProgress, Visit
from xiezuo.ledgers.testing import county

_n = itertools.count()
OFFICE = {"linxia": "临夏市东西部协作工作组", "puge": "普格县对口帮扶工作组"}


@pytest.fixture
def make(demo):
    def office(where):
        return Office.objects.get(name=OFFICE[where])

    def task(where, marker, **kw):
        pairing, region = county(demo, where)
        t = Task.objects.create(**{
            "pairing": pairing, "region": region, "year": 2024, "title": f"任务{next(_n)}",
            "owner_office": office(where), "deadline": dt.date(2024, 6, 30), "notes": marker,
            **kw})
        TaskProgress.objects.create(task=t, date=dt.date(2024, 3, 1), note="已启动")
        return t

    def visit(where, marker, **kw):
        pairing, region = county(demo, where)
        return Visit.objects.create(**{
            "pairing": pairing, "region": region, "date": dt.date(2024, 3, 5),
            "visitor": "王建军", "visitor_office": office(where), "household": f"户主{next(_n)}",
            "household_id_number": "11010519491231002X", "household_phone": "13912345678",
            "findings": "收入稳定", "notes": marker, **kw})

    def problem(where, marker, **kw):
        pairing, region = county(demo, where)
        return Problem.objects.create(**{
            "pairing": pairing, "region": region, "description": f"问题{next(_n)}",
            "owner_office": office(where), "found_on": dt.date(2024, 3, 5),
            "due_on": dt.date(2024, 4, 5), "notes": marker, **kw})

    return {TaskLedger: task, VisitLedger: visit, ProblemLedger: problem, "office": office}
