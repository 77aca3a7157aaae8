"""Reads from a PostgreSQL streaming replica, writes to the primary (docs/SCALE.md).

With ``XIEZUO_REPLICA_URL`` set, the database alias ``replica`` exists and the views that opt
in — dashboards, exports, the API's reads — read from it::

    @reads_from_replica
    def dashboard(request): ...

    with replica_reads():   # outside a view (a command, a job)
        ...

Everything else, every write and every row read to be changed (``select_for_update``) goes
to the primary. A view read from the replica falls back to the primary:

- for a person who changed something a moment ago: any request other than GET/HEAD leaves
  a cookie (``xiezuo_primary``) for ``XIEZUO_REPLICA_PIN_SECONDS``, and while it lasts that
  browser's reads stay on the primary, so people read their own writes on any app server;
- when the replica is down or behind by more than ``XIEZUO_REPLICA_MAX_LAG_SECONDS`` of
  replay or ``XIEZUO_REPLICA_MAX_LAG_BYTES`` of WAL. The check is two small queries, made
  at most every ``XIEZUO_REPLICA_CHECK_SECONDS`` per process.

Sessions, login lockouts, second factors and the job queue never read from the replica.
"""

from __future__ import annotations

import functools
import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

from django.conf import settings
from django.db import DatabaseError, connections
from django.http import FileResponse, HttpRequest, StreamingHttpResponse
from django.http.response import HttpResponseBase

log = logging.getLogger(__name__)

#: the cookie that keeps a browser's reads on the primary after it changed something
PIN_COOKIE = "xiezuo_primary"
#: apps whose rows are always read from the primary (a replica a moment behind would log a
#: person out, forget a lockout or run a job twice)
PRIMARY_ONLY_APPS = frozenset({"sessions", "axes", "otp_totp", "otp_static", "django_tasks_db"})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

_wanted: ContextVar[bool] = ContextVar("xiezuo_replica_reads", default=False)
_health: dict[str, tuple[float, bool]] = {}
_health_lock = threading.Lock()

F = TypeVar("F", bound=Callable[..., Any])


def replica_alias() -> str:
    """The replica's database alias, or "" when none is configured."""
    alias: str = getattr(settings, "REPLICA_DATABASE", "")
    return alias if alias and alias in connections.settings else ""


def primary_alias() -> str:
    return str(getattr(settings, "PRIMARY_DATABASE", "default"))


def lag(alias: str | None = None) -> tuple[float, int]:
    """(seconds of replay behind, bytes of WAL behind the primary) of the replica; raises
    DatabaseError when it cannot be asked. Seconds count only while WAL received waits for
    replay (an idle primary sends nothing, which is no lag)."""
    alias = alias or replica_alias()
    with connections[alias].cursor() as cursor:
        cursor.execute(
            "SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn()::text,"
            " CASE WHEN pg_last_wal_receive_lsn() IS NULL"
            "        OR pg_last_wal_receive_lsn() <= pg_last_wal_replay_lsn() THEN 0"
            "      ELSE coalesce(extract(epoch FROM now() - pg_last_xact_replay_timestamp()),"
            "                    0) END")
        in_recovery, replayed, seconds = cursor.fetchone()
    if not in_recovery or replayed is None:
        raise DatabaseError(f"database {alias!r} is no streaming replica")
    primary = connections[primary_alias()]
    if primary.vendor != "postgresql":
        return float(seconds), 0
    with primary.cursor() as cursor:
        cursor.execute("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), %s::pg_lsn)", [replayed])
        (behind,) = cursor.fetchone()
    return float(seconds), max(int(behind), 0)


def replica_usable() -> bool:
    """Whether reads may go to the replica now: configured, answering, not too far behind.
    Checked at most every REPLICA_CHECK_SECONDS per process."""
    alias = replica_alias()
    if not alias:
        return False
    now = time.monotonic()
    ttl = float(getattr(settings, "REPLICA_CHECK_SECONDS", 5))
    with _health_lock:
        cached = _health.get(alias)
        if cached is not None and now - cached[0] < ttl:
            return cached[1]
    try:
        seconds, behind = lag(alias)
    except DatabaseError as exc:
        log.warning("replica %s not used: %s", alias, exc)
        connections[alias].close()
        usable = False
    else:
        usable = (seconds <= float(getattr(settings, "REPLICA_MAX_LAG_SECONDS", 30))
                  and behind <= int(getattr(settings, "REPLICA_MAX_LAG_BYTES", 16 * 1_048_576)))
        if not usable:
            log.warning("replica %s not used: %.1f s and %d bytes behind", alias, seconds, behind)
    with _health_lock:
        _health[alias] = (time.monotonic(), usable)
    return usable


def forget_health() -> None:
    """Drop the cached replica checks (the next read asks the replica again)."""
    with _health_lock:
        _health.clear()


@contextmanager
def replica_reads(request: HttpRequest | None = None) -> Iterator[None]:
    """Reads in the block go to the replica (when usable). With ``request``: only for a
    GET/HEAD without the read-your-writes cookie."""
    if request is not None and (request.method not in SAFE_METHODS
                                or PIN_COOKIE in request.COOKIES):
        yield
        return
    token = _wanted.set(True)
    try:
        yield
    finally:
        _wanted.reset(token)


def _streamed(content: Iterator[Any]) -> Iterator[Any]:
    with replica_reads():
        yield from content


def reads_from_replica(view: F) -> F:
    """The view's reads go to the replica (see ``replica_reads``), streamed content too."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        with replica_reads(request):
            response: HttpResponseBase = view(request, *args, **kwargs)
            if (_wanted.get() and isinstance(response, StreamingHttpResponse)
                    and not isinstance(response, FileResponse) and not response.is_async):
                content: Iterator[Any] = response.streaming_content  # type: ignore[assignment]
                response.streaming_content = _streamed(content)
        return response

    wrapped.reads_from_replica = True  # type: ignore[attr-defined]
    return wrapped  # type: ignore[return-value]


class ReplicaRouter:
    """Reads inside ``replica_reads`` to the replica when usable; all else to the primary."""

    def db_for_read(self, model: type[Any], **hints: Any) -> str | None:
        if (_wanted.get() and model._meta.app_label not in PRIMARY_ONLY_APPS
                and replica_usable()):
            return replica_alias()
        return primary_alias() if replica_alias() else None

    def db_for_write(self, model: type[Any], **hints: Any) -> str | None:
        return primary_alias() if replica_alias() else None

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        replica = replica_alias()
        if replica and {obj1._state.db, obj2._state.db} <= {replica, primary_alias()}:
            return True
        return None

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return False if replica_alias() and db == replica_alias() else None


class ReadYourWritesMiddleware:
    """Leaves the read-your-writes cookie after a request that may have changed something
    (any method but GET/HEAD/OPTIONS), when a replica is configured."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if request.method not in SAFE_METHODS and replica_alias():
            seconds = int(getattr(settings, "REPLICA_PIN_SECONDS", 10))
            response.set_cookie(PIN_COOKIE, "1", max_age=seconds, httponly=True,
                                samesite="Lax", secure=bool(settings.SESSION_COOKIE_SECURE))
        return response
