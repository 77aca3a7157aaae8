"""Login throttling: failed attempts counted per username and per client address."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def _keys(username: str, request: HttpRequest | None) -> list[str]:
    keys = ["login-fail:user:" + hashlib.sha256(username.lower().encode()).hexdigest()]
    if request is not None:
        address = request.META.get("REMOTE_ADDR", "")
        keys.append("login-fail:addr:" + hashlib.sha256(address.encode()).hexdigest())
    return keys


def is_blocked(username: str, request: HttpRequest | None) -> bool:
    limit = settings.LOGIN_FAILURE_LIMIT
    return any((cache.get(key) or 0) >= limit for key in _keys(username, request))


def hit(key: str, window: int) -> int:
    """Count one more event under ``key`` in the cache (the database cache, shared by every
    worker) and return the count; the count starts afresh ``window`` seconds after its first
    event."""
    if cache.add(key, 1, window):
        return 1
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        return 1


def record_failure(username: str, request: HttpRequest | None) -> None:
    for key in _keys(username, request):
        hit(key, settings.LOGIN_FAILURE_WINDOW)


def reset(username: str) -> None:
    """A successful login clears the user's count (the address's count stays)."""
    cache.delete(_keys(username, None)[0])
