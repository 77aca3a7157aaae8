"""The inbox: what waits for a user, gathered from every app that has work to hand out.

An app registers a provider, a function ``provider(user, today) -> Iterable[InboxItem]``, in its
``AppConfig.ready()``; the inbox page and the home page ask every provider. A provider must
return only items the user's scope covers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True)
class InboxItem:
    #: what kind of work: "enter", "review", "approve", "returned", "task", "problem", …
    kind: str
    #: the kind's label as shown (translatable)
    kind_label: str | Promise
    title: str | Promise
    url: str
    due: dt.date | None = None
    overdue: bool = False
    #: a short explanation (the return reason, the task's owner, …)
    note: str | Promise = ""
    #: following it changes something (opens a draft): sent as a form, not a plain link
    post: bool = False
    #: listed ahead of dated work until dealt with (a notice not yet read)
    pinned: bool = False


Provider = Callable[[Any, dt.date], Iterable[InboxItem]]
_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    """Register an inbox provider (usable as a decorator); registering twice is harmless."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def items_for(user: Any, today: dt.date | None = None) -> list[InboxItem]:
    """Every item waiting for ``user``: pinned ones first, then overdue, then by due date."""
    today = today or dt.date.today()
    items = [item for provider in _providers for item in provider(user, today)]
    return sorted(items, key=lambda i: (not i.pinned, not i.overdue, i.due or dt.date.max,
                                        str(i.title)))
