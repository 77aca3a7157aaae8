"""Overdue tasks and problems due reach the inbox and the dashboards' attention list."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.urls import reverse

from xiezuo.checklists.ledger import ProblemLedger, TaskLedger
from xiezuo.checklists.models import TaskStatus
from xiezuo.core.inbox import items_for

pytestmark = pytest.mark.django_db
D = dt.date


def test_the_inbox_lists_overdue_tasks_and_problems_due_in_scope(make, demo) -> None:
    late = make[TaskLedger]("linxia", "", deadline=D(2024, 5, 31))
    soon = make[TaskLedger]("linxia", "", deadline=D(2024, 6, 20))
    make[TaskLedger]("linxia", "", deadline=D(2024, 12, 31))  # far off: not yet
    make[TaskLedger]("linxia", "", deadline=D(2024, 5, 31), status=TaskStatus.DONE,
                     done_on=D(2024, 5, 30))
    other = make[TaskLedger]("puge", "", deadline=D(2024, 5, 31))
    problem = make[ProblemLedger]("linxia", "", due_on=D(2024, 6, 1))
    items = items_for(demo["users"]["linxiashi_entry"], D(2024, 6, 15))
    titles = [str(i.title) for i in items]
    assert late.title in titles and soon.title in titles and other.title not in titles
    assert str(problem) in titles
    assert len([i for i in items if i.kind == "task"]) == 2
    first = next(i for i in items if i.title == late.title)
    assert first.overdue and first.url.endswith(f"/{late.pk}/")
    assert not next(i for i in items if i.title == soon.title).overdue


def test_the_dashboard_attention_lists_overdue_tasks_and_open_problems(login, make) -> None:
    task = make[TaskLedger]("linxia", "", deadline=D(2020, 12, 31), year=2020)
    problem = make[ProblemLedger]("linxia", "")
    other = make[TaskLedger]("puge", "", deadline=D(2020, 12, 31), year=2020)
    cache.clear()
    page = login("linxiashi_entry").get(reverse("indicators:dashboard"), {"refresh": 1},
                                        follow=True)
    assert page.status_code == 200
    body = page.content.decode()
    assert "逾期任务" in body and "未清零问题" in body
    assert task.title in body and str(problem) in body and other.title not in body
