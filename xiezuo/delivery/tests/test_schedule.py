"""The scheduler: what is due at a frozen moment, enqueued once per slot however often (and
on however many machines) ``xiezuo schedule`` runs; the jobs themselves through the worker."""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from xiezuo.delivery import schedule
from xiezuo.delivery.models import Delivery, Preference, ScheduledRun
from xiezuo.delivery.tests.conftest import run_worker
from xiezuo.reporting.models import Notification

pytestmark = pytest.mark.django_db

TZ = ZoneInfo("Asia/Shanghai")


def at(year: int, month: int, day: int, hour: int, minute: int) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=TZ)


def keys(now: dt.datetime) -> list[str]:
    return [d.key for d in schedule.due(now)]


def test_what_is_due_when(settings) -> None:
    settings.XIEZUO_SITUATION_DAY, settings.XIEZUO_ASSESSMENT_MONTHS = 3, [12, 1]
    assert keys(at(2026, 11, 2, 7, 0)) == []  # before 8 o'clock, before the 3rd
    assert keys(at(2026, 11, 3, 9, 0)) == ["overdue:2026-11-03", "situation:2026-10"]
    assert keys(at(2026, 12, 5, 2, 0)) == ["situation:2026-11", "assessment:2026-12-05"]
    assert keys(at(2027, 1, 20, 23, 0)) == [
        "overdue:2027-01-20", "situation:2026-12", "assessment:2027-01-20"]
    settings.XIEZUO_SITUATION_DAY = 25
    assert keys(at(2026, 11, 24, 9, 0)) == ["overdue:2026-11-24"]


def test_it_enqueues_each_slot_once(settings) -> None:
    with time_machine.travel(at(2026, 12, 5, 9, 0), tick=False):
        out = io.StringIO()
        call_command("schedule", stdout=out)
        assert "enqueued situation:2026-11" in out.getvalue()
        call_command("schedule", stdout=io.StringIO())  # a minute later, or a second machine
        assert schedule.run() == []
    assert ScheduledRun.objects.count() == 3
    assert DBTaskResult.objects.count() == 3
    with time_machine.travel(at(2026, 12, 6, 9, 0), tick=False):
        assert sorted(r.job for r in schedule.run()) == ["assessment", "overdue"]


def test_a_slot_taken_by_another_scheduler_is_skipped() -> None:
    ScheduledRun.objects.create(key="overdue:2026-11-03", job="overdue", slot="2026-11-03")
    made = schedule.run(at(2026, 11, 3, 9, 0))
    assert [r.key for r in made] == ["situation:2026-10"]
    assert DBTaskResult.objects.count() == 1


@pytest.mark.django_db(transaction=True)  # the worker closes connections, as in production
def test_the_overdue_job_tells_the_county_by_its_channels(draft, users, settings) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    clerk = users["linxiashi_entry"]
    clerk.email = "clerk@linxia.example"
    clerk.save()
    Preference.objects.create(user=clerk, channels={"overdue": ["email"]})
    schedule.run(at(2026, 11, 3, 9, 0))  # October was due on the 28th
    run_worker()  # the job, then the delivery it enqueued on commit
    assert Notification.objects.filter(user=clerk, text__contains="已逾期").count() == 1
    run_worker()  # nothing left
    [d] = Delivery.objects.all()
    assert (d.kind, d.channel, d.status) == ("overdue", "email", "sent")
    assert "已逾期" in mail.outbox[0].subject


@pytest.mark.django_db(transaction=True)  # the worker closes connections, as in production
def test_the_situation_job_drafts_last_month_for_every_county_that_owes_one(demo) -> None:
    from xiezuo.delivery.tasks import owing_offices
    from xiezuo.situation.models import ArchivedReport

    owing = list(owing_offices())
    assert owing
    schedule.run(at(2026, 11, 3, 9, 0))
    run_worker()
    drafted = ArchivedReport.objects.filter(period_start=dt.date(2026, 10, 1))
    assert drafted.count() == len(owing)
    assert {r.region_id for r in drafted} == {o.region_id for o in owing}
    clerk = demo["users"]["linxiashi_entry"]
    [note] = Notification.objects.filter(user=clerk, text__contains="情况报告")
    assert "period=2026-10" in note.url
    # drafted once: a second run for the month makes nothing new
    from xiezuo.delivery.tasks import draft_situation_reports

    assert draft_situation_reports.call("2026-10") == 0


@pytest.mark.django_db(transaction=True)  # the worker closes connections, as in production
def test_the_assessment_is_rerun_in_its_season(demo, settings) -> None:
    from xiezuo.assessment import demo as assessment_demo
    from xiezuo.assessment.models import Run
    from xiezuo.indicators import catalogue

    settings.XIEZUO_SITUATION_DAY = 28  # the 20th: no situation report due

    catalogue.load()  # a transactional test starts without the seeded catalogue
    assessment_demo.load()
    before = Run.objects.count()
    assert not schedule.run(at(2025, 11, 20, 2, 0))  # November: out of season
    run_worker()
    assert Run.objects.count() == before
    schedule.run(at(2025, 12, 20, 2, 0))  # the demo scheme's year
    run_worker()
    assert Run.objects.count() > before
