"""The notices' inbox provider: a notice stays on the reader's workbench until they read it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from xiezuo.core.inbox import InboxItem
from xiezuo.notices.models import Notice


def unread_notices(user: Any, today: dt.date) -> Iterable[InboxItem]:
    return [InboxItem(kind="notice", kind_label=_("通知公告"), title=n.title,
                      url=reverse("notices:detail", args=[n.pk]), due=n.deadline,
                      overdue=n.deadline is not None and n.deadline < today,
                      note=n.office.name, pinned=True)
            for n in Notice.objects.unread_by(user).select_related("office")[:50]]
