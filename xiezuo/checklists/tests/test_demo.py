"""The demo checklists: done, in-progress and overdue tasks; visits that raised problems."""

import pytest

from xiezuo.checklists import demo as checklists_demo
from xiezuo.checklists.models import Problem, Task, TaskState, Visit
from xiezuo.meetings import demo as meetings_demo

pytestmark = pytest.mark.django_db


def test_it_loads_a_realistic_checklist_once(demo) -> None:
    meetings_demo.load()
    checklists_demo.load()
    checklists_demo.load()
    assert Task.objects.count() == len(checklists_demo.TASKS)
    states = {t.state for t in Task.objects.filter(pairing=demo["pairings"]["jn-lx"])}
    assert states == {TaskState.DONE, TaskState.IN_PROGRESS, TaskState.OVERDUE}
    assert Task.objects.filter(pairing=demo["pairings"]["lmt-pg"]).count() == 3
    assert Visit.objects.count() == len(checklists_demo.VISITS)
    assert Problem.objects.filter(visit__isnull=False).count() == 3
    assert Problem.objects.filter(cleared_on__isnull=False).count() == 2
    for obj in [*Task.objects.all(), *Visit.objects.all(), *Problem.objects.all()]:
        obj.full_clean()
