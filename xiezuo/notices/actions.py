"""Publishing a notice and reading it: each one function, one transaction, audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from xiezuo.accounts.models import Office
from xiezuo.core.audit import acting_as
from xiezuo.core.models import Attachment, record_audit
from xiezuo.core.scoping import Action, Scope
from xiezuo.notices.models import Notice, NoticeRead, NoticeRecipient


def may_publish(user: Any) -> bool:
    return Scope.of(user).allows(Action.MANAGE) and getattr(user, "office_id", None) is not None


def addressable(user: Any) -> QuerySet[Office]:
    """The offices ``user``'s office may address: those its administrators manage, itself
    apart (the offices below it; every office for a national administrator)."""
    if not may_publish(user):
        return Office.objects.none()
    return Office.objects.restrict(user, Action.MANAGE).exclude(pk=user.office_id).select_related(
        "region")


def publish(user: Any, *, title: str, body: str, deadline: dt.date | None,
            offices: list[Office], files: list[File]) -> Notice:
    """Publish a notice from ``user``'s office to ``offices`` (none: every office below)."""
    allowed = addressable(user)
    if not may_publish(user):
        raise PermissionDenied
    chosen = list(offices) or list(allowed)
    ids = {o.pk for o in chosen}
    if not chosen or len(ids) != allowed.filter(pk__in=ids).count():
        raise PermissionDenied(_("只能向本单位下级单位发布通知。"))
    with transaction.atomic(), acting_as(user):
        notice = Notice.objects.create(office_id=user.office_id, title=title, body=body,
                                       deadline=deadline)
        NoticeRecipient.objects.bulk_create(
            [NoticeRecipient(notice=notice, office=o) for o in chosen])
        kind = ContentType.objects.get_for_model(Notice)
        for upload in files:
            Attachment.objects.create(content_type=kind, object_id=str(notice.pk), file=upload,
                                      original_name=(upload.name or "")[:200],
                                      size=upload.size or 0)
        record_audit(notice, "publish", {
            "recipients": [None, sorted(o.name for o in chosen)],
            "files": [None, [f.name for f in files]]})
        _deliver(notice, chosen)
    return notice


def _deliver(notice: Notice, offices: list[Office]) -> None:
    """The notice reaches the channels its readers chose (it waits in their inbox anyway)."""
    from django.urls import reverse

    from xiezuo.accounts.models import User
    from xiezuo.delivery import dispatch

    readers = User.objects.filter(is_active=True, office__in=offices)
    text = _("新通知：%(t)s") % {"t": notice.title}
    dispatch.send(readers, "notice", text, reverse("notices:detail", args=[notice.pk]),
                  in_app=False)


def mark_read(notice: Notice, user: Any) -> bool:
    """Record that ``user`` has read ``notice`` (addressed to their office); False when
    they had already."""
    if not NoticeRecipient.objects.filter(notice=notice, office_id=user.office_id).exists():
        raise PermissionDenied
    with transaction.atomic(), acting_as(user):
        _read, created = NoticeRead.objects.get_or_create(notice=notice, user=user)
        if created:
            record_audit(notice, "read", {"reader": [None, user.get_username()]})
    return created
