"""State changes of tasks and problems: each validated, then written by the ledger write
action (one transaction, one audit row naming the step)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from xiezuo.checklists.models import Problem, Task, TaskSource, TaskStatus
from xiezuo.core.scoping import Action, Scope
from xiezuo.ledgers import actions


def tick(task: Task, day: dt.date, user: Any) -> Task:
    """Mark ``task`` done on ``day`` (勾销)."""
    if day < dt.date(task.year, 1, 1):
        raise ValidationError({"done_on": _("完成日期不能早于任务年度。")})
    task.status = TaskStatus.DONE
    task.done_on = day
    task.full_clean()
    return actions.save(user, task, action="tick")


def reopen(task: Task, user: Any) -> Task:
    """Undo a tick: the task is in progress again."""
    task.status = TaskStatus.IN_PROGRESS
    task.done_on = None
    task.full_clean()
    return actions.save(user, task, action="reopen")


def clear(problem: Problem, day: dt.date, note: str, user: Any) -> Problem:
    """Clear a problem (清零) on ``day``; the note saying how is required."""
    problem.cleared_on = day
    problem.clearing_note = note.strip()
    problem.full_clean()
    return actions.save(user, problem, action="clear")


@dataclass
class TaskRow:
    title: str
    owner_office: Any
    deadline: dt.date
    description: str = ""


def create_tasks(source: Any, rows: Sequence[TaskRow], user: Any) -> list[Task]:
    """One task per row from an agreement or a meeting, taking its pairing, region and year;
    all or nothing. Errors name the row (第 n 行)."""
    from xiezuo.meetings.models import Agreement

    is_agreement = isinstance(source, Agreement)
    day = source.signed_on if is_agreement else source.start_date
    tasks = []
    for n, row in enumerate(rows, start=1):
        task = Task(pairing=source.pairing, region=source.region, year=day.year,
                    title=row.title, owner_office=row.owner_office, deadline=row.deadline,
                    description=row.description,
                    source=TaskSource.AGREEMENT if is_agreement else TaskSource.MEETING,
                    agreement=source if is_agreement else None,
                    meeting=source.meeting if is_agreement else source)
        try:
            task.full_clean()
        except ValidationError as exc:
            raise ValidationError(_("第 %(n)d 行：%(e)s") % {
                "n": n, "e": "；".join(f"{m}" for ms in exc.message_dict.values()
                                      for m in ms)}) from exc
        if not Scope.of(user).covers(task, Action.ADD):
            raise PermissionDenied
        tasks.append(task)
    return [t for t in actions.write(user, tasks) if isinstance(t, Task)]
