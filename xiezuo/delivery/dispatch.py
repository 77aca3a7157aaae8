"""Sending a notification: the in-app list, and each channel the user chose for its kind,
as a delivery sent by a background task once the caller's transaction commits."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction

from xiezuo.delivery.models import Channel, Delivery, Preference
from xiezuo.reporting.models import Notification


def absolute(url: str) -> str:
    return f"{getattr(settings, 'XIEZUO_SITE_URL', '').rstrip('/')}{url}"


def send(users: Any, kind: str, text: str, url: str = "", *, in_app: bool = True
         ) -> list[Notification]:
    """One in-app notification per user (unless the item waits in the inbox on its own:
    ``in_app=False``) and one delivery per chosen channel, in the caller's transaction; the
    deliveries are enqueued when it commits."""
    people = {u.pk: u for u in users}
    made = Notification.objects.bulk_create(
        [Notification(user=u, text=text[:300], url=url) for u in people.values()]
    ) if in_app else []
    body = f"{text}\n{absolute(url)}" if url else text
    deliveries = []
    for pref in Preference.objects.filter(user_id__in=list(people)):
        user = people[pref.user_id]
        for channel in pref.wants(kind):
            if channel == Channel.EMAIL and not user.email:
                continue
            if channel == Channel.WEBHOOK and not pref.webhook_url:
                continue
            deliveries.append(Delivery(user=user, kind=kind, channel=channel,
                                       subject=" ".join(text.split())[:150], body=body))
    if deliveries:
        Delivery.objects.bulk_create(deliveries)
        ids = [d.pk for d in deliveries]
        transaction.on_commit(lambda: enqueue(ids))
    return made


def enqueue(ids: list[int]) -> None:
    from xiezuo.delivery.tasks import deliver

    for pk in ids:
        deliver.enqueue(pk)
