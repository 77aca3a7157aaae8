"""Demo submissions of 临夏市 under the default monthly data set, relative to the demo's day:
the year's months approved, three months ago after a return, and last month submitted and
waiting for the prefecture's review. Ledgers with nothing entered in a month are declared
empty, as a county does before it submits. The steps go through the same functions as the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from xiezuo.accounts.models import User
from xiezuo.regions.models import Region
from xiezuo.reporting import actions
from xiezuo.reporting.ledgers import completeness
from xiezuo.reporting.models import DataSet, Status
from xiezuo.reporting.periods import Period

COUNTY = "622901"  # 临夏市
RETURN_REASON = "劳务协作台账中两名人员的就业单位填写不全，请补充后重新提交。"


def load(today: dt.date | None = None) -> list[Any]:
    from xiezuo.core.demodate import demo_today

    today = demo_today(today)
    data_set = DataSet.objects.filter(active=True, frequency="monthly").order_by("pk").first()
    region = Region.objects.filter(code=COUNTY).first()
    users = {u.username: u for u in User.objects.filter(
        username__in=["linxiashi_entry", "linxia_reviewer", "gansu_approver"])}
    if data_set is None or region is None or len(users) < 3:
        return []
    entry, reviewer, approver = (users["linxiashi_entry"], users["linxia_reviewer"],
                                 users["gansu_approver"])
    last = Period.containing("monthly", today).previous()
    plan = [(last.previous().previous(), True, Status.APPROVED),
            (last.previous(), False, Status.APPROVED),
            (last, False, Status.SUBMITTED)]
    earlier = last.previous().previous().previous()
    while earlier.start.year == today.year:  # the year's earlier months: approved in time
        plan.insert(0, (earlier, False, Status.APPROVED))
        earlier = earlier.previous()
    made: list[Any] = []
    for period, returned_once, goal in plan:
        if period.start < data_set.start_date:
            continue
        sub = actions.open_submission(data_set, region, period)
        if sub.status != Status.DRAFT:
            continue  # already taken through the chain: the demo is idempotent
        for row in completeness(sub):
            if not row.complete:
                actions.declare_no_data(sub, entry, row.label)
        on_time = min(period.deadline(data_set.deadline_day), today)
        sub = actions.submit(sub, entry, today=on_time)
        if returned_once:
            sub = actions.return_(sub, reviewer, RETURN_REASON)
            sub = actions.submit(sub, entry, today=on_time)
        if goal == Status.APPROVED:
            sub = actions.review(sub, reviewer)
            sub = actions.approve(sub, approver)
        made.append(sub)
    return made

