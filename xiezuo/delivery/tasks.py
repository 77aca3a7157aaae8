"""The background tasks (django-tasks, run by ``xiezuo db_worker``): sending one delivery
with retries, and the scheduled jobs that ``xiezuo schedule`` enqueues."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from xiezuo.delivery import channels
from xiezuo.delivery.models import Delivery, Kind, Status

log = logging.getLogger(__name__)


def max_attempts() -> int:
    return int(getattr(settings, "XIEZUO_DELIVERY_ATTEMPTS", 5))


def backoff(attempts: int) -> dt.timedelta:
    """The wait after the ``attempts``-th failure: 1, 4, 16, 64 … minutes."""
    base = int(getattr(settings, "XIEZUO_DELIVERY_BACKOFF", 60))
    return dt.timedelta(seconds=base * 4 ** (attempts - 1))


@task()
def deliver(delivery_id: int) -> str:
    """Send one delivery; on failure record the error and enqueue the next attempt after a
    growing wait, until the attempts run out (then it is 失败, for an administrator)."""
    with transaction.atomic():
        d = (Delivery.objects.select_for_update().select_related("user")
             .filter(pk=delivery_id).first())
        if d is None or d.status in (Status.SENT, Status.FAILED):
            return d.status if d is not None else "gone"
        d.attempts += 1
        now = timezone.now()
        try:
            channels.send(d)
        except Exception as exc:  # every failure is recorded and retried
            d.last_error = channels.error_text(exc)
            if d.attempts >= max_attempts():
                d.status, d.next_attempt_at = Status.FAILED, None
            else:
                d.status, d.next_attempt_at = Status.RETRYING, now + backoff(d.attempts)
                at, pk = d.next_attempt_at, d.pk
                transaction.on_commit(lambda: deliver.using(run_after=at).enqueue(pk))
            log.warning("delivery %s (%s, %s) attempt %s failed: %s", d.pk, d.kind, d.channel,
                        d.attempts, type(exc).__name__)
        else:
            d.status, d.sent_at, d.next_attempt_at, d.last_error = Status.SENT, now, None, ""
        d.save(update_fields=["attempts", "status", "sent_at", "next_attempt_at",
                              "last_error"])
        return str(d.status)


def _today() -> dt.date:
    return timezone.localdate()


@task()
def notify_overdue(day: str = "") -> int:
    """Tell each county's data entry of its reports past their deadline and still drafts
    (逾期); returns how many notifications were made."""
    from xiezuo.delivery import dispatch
    from xiezuo.reporting import notify
    from xiezuo.reporting.models import Status as SubStatus
    from xiezuo.reporting.models import Submission

    today = dt.date.fromisoformat(day) if day else _today()
    made = 0
    late = (Submission.objects.filter(status=SubStatus.DRAFT, deadline__lt=today)
            .select_related("region", "data_set").order_by("deadline", "pk"))
    for sub in late:
        text = _("%(s)s 已逾期（截止日期 %(d)s），请尽快报送。") % {
            "s": sub, "d": sub.deadline.isoformat()}
        with transaction.atomic():
            made += len(dispatch.send(notify.county_users(sub), Kind.OVERDUE, text,
                                      reverse("reporting:detail", args=[sub.pk])))
    return made


def owing_offices() -> Any:
    """The offices that owe a monthly situation report: the recipient counties' offices."""
    from xiezuo.accounts.models import Office, Side
    from xiezuo.regions.models import Level

    return (Office.objects.filter(side=Side.RECIPIENT, region__level=Level.COUNTY)
            .select_related("region").order_by("region__code"))


@task()
def draft_situation_reports(month: str) -> int:
    """Draft the situation report of ``month`` (``2026-10``) for every office that owes one
    and has none yet, and put a notification in its people's list; returns how many."""
    from xiezuo.reporting.models import Notification
    from xiezuo.situation import archive, report
    from xiezuo.situation.models import ArchivedReport

    period = report.ReportPeriod.parse(month)
    drafted = 0
    for office in owing_offices():
        region = office.region
        if ArchivedReport.objects.filter(region=region, period_start=period.start,
                                         period_end=period.end).exists():
            continue
        if archive.archive(region, period.start, period.end) is None:
            continue
        drafted += 1
        url = f"{reverse('situation:report')}?region={region.code}&period={period.key}"
        text = _("%(p)s情况报告初稿已生成，请核对。") % {"p": period.label}
        Notification.objects.bulk_create(
            [Notification(user=u, text=text[:300], url=url)
             for u in office.users.filter(is_active=True)])
    return drafted


@task()
def rerun_assessment(year: int) -> int:
    """Re-run every assessment scheme of ``year``; returns how many runs were stored."""
    from xiezuo.assessment import scoring
    from xiezuo.assessment.models import Scheme
    from xiezuo.core.audit import Actor, acting_as

    count = 0
    with acting_as(Actor(None, "schedule")):
        for scheme in Scheme.objects.filter(year=year).order_by("pk"):
            scoring.run(scheme)
            count += 1
    return count
