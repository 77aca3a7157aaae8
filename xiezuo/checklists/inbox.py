"""Inbox providers: overdue tasks and tasks due within a week; problems due or overdue."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext_lazy as _

from xiezuo.checklists.models import Problem, Task
from xiezuo.core.inbox import InboxItem

#: how far ahead a deadline shows in the inbox
AHEAD = dt.timedelta(days=7)
LIMIT = 50


def overdue_tasks(user: Any, today: dt.date) -> Iterable[InboxItem]:
    tasks: Any = (Task.objects.visible_to(user).open().filter(deadline__lte=today + AHEAD)
             .select_related("owner_office").order_by("deadline", "id")[:LIMIT])
    for t in tasks:
        yield InboxItem(kind="task", kind_label=_("任务"), title=t.title,
                        url=t.get_absolute_url(), due=t.deadline, overdue=t.deadline < today,
                        note=t.owner_office.name)


def problems_due(user: Any, today: dt.date) -> Iterable[InboxItem]:
    problems: Any = (Problem.objects.visible_to(user).filter(cleared_on__isnull=True,
                                                       due_on__lte=today + AHEAD)
                .select_related("owner_office").order_by("due_on", "id")[:LIMIT])
    for p in problems:
        yield InboxItem(kind="problem", kind_label=_("问题"), title=str(p),
                        url=p.get_absolute_url(), due=p.due_on, overdue=p.due_on < today,
                        note=p.owner_office.name)
