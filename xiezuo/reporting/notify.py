"""In-app notifications (and e-mail when ``XIEZUO_NOTIFY_EMAIL`` is on) to the users who act
next on a submission."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse

from xiezuo.core.env import env_bool
from xiezuo.core.scoping import Action
from xiezuo.regions import names
from xiezuo.regions.models import Level
from xiezuo.reporting.models import Notification, Submission
from xiezuo.reporting.rules import acting_users, reviewing_level


def county_users(submission: Submission) -> Any:
    return acting_users(Action.ADD, Action.CHANGE).filter(
        office__region__scope_key=submission.region_key)


def _above(submission: Submission, level: str, action: Action) -> Any:
    return acting_users(action).filter(
        office__region__level=level,
        office__region__scope_key__in=names.ancestor_keys(submission.region.code))


def reviewers(submission: Submission) -> Any:
    return _above(submission, reviewing_level(submission), Action.REVIEW)


def approvers(submission: Submission) -> Any:
    return _above(submission, Level.PROVINCE, Action.APPROVE)


def email_on() -> bool:
    return bool(getattr(settings, "XIEZUO_NOTIFY_EMAIL", env_bool("XIEZUO_NOTIFY_EMAIL", False)))


def notify(users: Any, submission: Submission, text: str, kind: str = ""
           ) -> list[Notification]:
    """One notification per user, in the caller's transaction; the
    e-mails leave once it commits. A notification of a ``kind`` (退回, 审核通过) also
    reaches the channels each user chose for it (:mod:`xiezuo.delivery`)."""
    url = reverse("reporting:detail", args=[submission.pk])
    if kind:
        from xiezuo.delivery import dispatch

        return dispatch.send(users, kind, text, url)
    people = {u.pk: u for u in users}
    made = Notification.objects.bulk_create(
        [Notification(user=u, text=text[:300], url=url) for u in people.values()])
    if email_on():
        addresses = sorted({u.email for u in people.values() if u.email})
        if addresses:
            transaction.on_commit(lambda: send_mail(
                text[:150], f"{text}\n{url}", None, addresses, fail_silently=True))
    return made


def remind(regions: Any, text: str) -> int:
    """A reminder to everyone who enters data for one of ``regions`` (their own offices'),
    in the caller's transaction; returns how many were sent."""
    people = list(acting_users(Action.ADD, Action.CHANGE).filter(
        office__region__in=list(regions)).only("pk"))
    Notification.objects.bulk_create(
        [Notification(user=u, text=text[:300], url=reverse("reporting:inbox")) for u in people])
    return len(people)
