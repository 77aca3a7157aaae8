"""Who is acting: a context variable set per request (middleware) or per command."""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Actor:
    user_id: int | None
    label: str


SYSTEM = Actor(None, "system")
_current: contextvars.ContextVar[Actor] = contextvars.ContextVar("xiezuo_actor", default=SYSTEM)


def current_actor() -> Actor:
    return _current.get()


def actor_for(user: Any) -> Actor:
    if user is None or not getattr(user, "is_authenticated", False):
        return SYSTEM
    return Actor(user.pk, user.get_username())


@contextlib.contextmanager
def acting_as(actor: Actor | Any) -> Iterator[Actor]:
    """Run a block on behalf of a user (or an Actor such as a named command)."""
    value = actor if isinstance(actor, Actor) else actor_for(actor)
    token = _current.set(value)
    try:
        yield value
    finally:
        _current.reset(token)
