"""What is due when: the scheduled jobs and their due slots. ``xiezuo schedule`` (run every
few minutes by cron or a systemd timer) enqueues each job once per slot: the slot's
:class:`ScheduledRun` row has a unique key, so a second scheduler (another machine, or the
same one a minute later) finds it taken and enqueues nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from xiezuo.delivery import tasks
from xiezuo.delivery.models import ScheduledRun


@dataclass(frozen=True)
class Due:
    job: str
    slot: str
    task: Any
    args: tuple[Any, ...]

    @property
    def key(self) -> str:
        return f"{self.job}:{self.slot}"


def _setting(name: str, default: Any) -> Any:
    return getattr(settings, name, default)


def overdue(now: dt.datetime) -> Due | None:
    """Every day, from the hour ``XIEZUO_OVERDUE_HOUR`` (default 8) on."""
    if now.hour < int(_setting("XIEZUO_OVERDUE_HOUR", 8)):
        return None
    day = now.date().isoformat()
    return Due("overdue", day, tasks.notify_overdue, (day,))


def situation(now: dt.datetime) -> Due | None:
    """Every month, from the day ``XIEZUO_SITUATION_DAY`` (default 3) on: last month's
    report."""
    if now.day < int(_setting("XIEZUO_SITUATION_DAY", 3)):
        return None
    before = now.date().replace(day=1) - dt.timedelta(days=1)
    month = f"{before:%Y-%m}"
    return Due("situation", month, tasks.draft_situation_reports, (month,))


def assessment(now: dt.datetime) -> Due | None:
    """Every night (from ``XIEZUO_ASSESSMENT_HOUR``, default 1 o'clock) of the assessment
    season's months (``XIEZUO_ASSESSMENT_MONTHS``, default December and January): the
    schemes of the year assessed (the year before, in January–June)."""
    months = [int(m) for m in _setting("XIEZUO_ASSESSMENT_MONTHS", [12, 1])]
    if now.month not in months or now.hour < int(_setting("XIEZUO_ASSESSMENT_HOUR", 1)):
        return None
    year = now.year if now.month >= 7 else now.year - 1
    return Due("assessment", now.date().isoformat(), tasks.rerun_assessment, (year,))


JOBS: list[Callable[[dt.datetime], Due | None]] = [overdue, situation, assessment]


def due(now: dt.datetime | None = None) -> list[Due]:
    local = timezone.localtime(now or timezone.now())
    return [d for job in JOBS if (d := job(local)) is not None]


def run(now: dt.datetime | None = None) -> list[ScheduledRun]:
    """Enqueue what is due and not yet enqueued; returns the runs made now."""
    made = []
    for item in due(now):
        if ScheduledRun.objects.filter(key=item.key).exists():
            continue
        try:
            with transaction.atomic():
                record = ScheduledRun.objects.create(key=item.key, job=item.job,
                                                     slot=item.slot)
                result = item.task.enqueue(*item.args)
                record.task_id = str(result.id)[:64]
                record.save(update_fields=["task_id"])
        except IntegrityError:
            continue  # another scheduler took this slot first
        made.append(record)
    return made
