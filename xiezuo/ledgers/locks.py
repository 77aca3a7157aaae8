"""Locked periods: the ledger rows of an approved period may not change.

A :class:`~xiezuo.ledgers.models.PeriodLock` covers the ledger rows whose region lies within its
region, whose date (``record_date()``) lies in its period and whose ledger it lists. Whoever
approves a period sets the lock (:func:`lock`) and clears it again (:func:`release`); the
ledger layer only knows how to refuse: the write action (``ledgers.actions``) checks every row
it writes, deletes or attaches a file to, and ``LedgerRecord.clean()`` asks too, so a form
names the lock beside the fields.

One row costs one indexed query (the locks whose region key is one of the row's ancestor keys
and whose period holds its date). A job that checks many rows loads a :class:`LockIndex` once
and makes it active; rows are then answered in memory::

    with LockIndex.load().active():
        ...  # every check inside asks the index, not the database
"""

from __future__ import annotations

import calendar
import contextlib
import contextvars
import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from xiezuo.regions import names


def period_label(start: dt.date, end: dt.date) -> str:
    """A month, a quarter or a year as offices name it (2026年10月, 2026年第4季度, 2026年);
    any other span as its two days."""
    last_day = calendar.monthrange(end.year, end.month)[1]
    if start.day == 1 and end.day == last_day and start.year == end.year:
        months = end.month - start.month + 1
        if months == 1:
            return _("%(y)s年%(m)s月") % {"y": start.year, "m": start.month}
        if months == 3 and start.month % 3 == 1:
            return _("%(y)s年第%(q)s季度") % {"y": start.year, "q": (start.month - 1) // 3 + 1}
        if months == 12:
            return _("%(y)s年") % {"y": start.year}
    return f"{start:%Y-%m-%d}—{end:%Y-%m-%d}"


@dataclass(frozen=True)
class Lock:
    """A lock as the checks use it (read from a :class:`PeriodLock` row)."""

    pk: int
    region_key: str
    region_name: str
    period_start: dt.date
    period_end: dt.date
    ledgers: frozenset[str]
    locked_at: dt.datetime | None

    def covers(self, label: str, keys: list[str], day: dt.date) -> bool:
        return (label in self.ledgers and self.region_key in keys
                and self.period_start <= day <= self.period_end)

    def message(self) -> str:
        when = ""
        if self.locked_at is not None:
            t = timezone.localtime(self.locked_at)
            when = _("%(y)s年%(m)s月%(d)s日 %(hm)s") % {
                "y": t.year, "m": t.month, "d": t.day, "hm": f"{t:%H:%M}"}
        return _("该记录所属的 %(r)s %(p)s 报送已于 %(t)s 批准锁定，"
                 "如需修改请联系审批单位解锁。") % {
            "r": self.region_name, "p": period_label(self.period_start, self.period_end),
            "t": when}


_FIELDS = ("pk", "region_key", "region__name", "period_start", "period_end", "ledgers",
           "locked_at")


def _locks_query() -> Any:
    from xiezuo.ledgers.models import PeriodLock

    return PeriodLock.objects.order_by().values_list(*_FIELDS)


def _lock(values: tuple[Any, ...]) -> Lock:
    pk, key, name, start, end, ledgers, locked_at = values
    return Lock(pk, key, name, start, end, frozenset(ledgers or ()), locked_at)


class LockIndex:
    """Locks loaded once (one query), answered in memory."""

    def __init__(self, locks: Iterable[Lock]) -> None:
        self._by_key: dict[str, list[Lock]] = {}
        for lock in locks:
            self._by_key.setdefault(lock.region_key, []).append(lock)

    @classmethod
    def load(cls) -> LockIndex:
        """Every lock."""
        return cls(_lock(row) for row in _locks_query())

    @classmethod
    def for_places(cls, places: Iterable[tuple[str, dt.date]]) -> LockIndex:
        """The locks that may cover any of ``places`` (region code, date): one query, for a
        batch of rows about to be written."""
        keys: set[str] = set()
        days: list[dt.date] = []
        for code, day in places:
            if code and day:
                keys.update(names.ancestor_keys(code))
                days.append(day)
        if not keys:
            return cls([])
        rows = _locks_query().filter(region_key__in=sorted(keys),
                                     period_start__lte=max(days), period_end__gte=min(days))
        return cls(_lock(row) for row in rows)

    @property
    def empty(self) -> bool:
        return not self._by_key

    def find(self, label: str, region_code: str, day: dt.date) -> Lock | None:
        if self.empty:
            return None
        keys = names.ancestor_keys(region_code)
        for key in keys:
            for lock in self._by_key.get(key, ()):
                if lock.covers(label, keys, day):
                    return lock
        return None

    @contextlib.contextmanager
    def active(self) -> Iterator[LockIndex]:
        token = _active.set(self)
        try:
            yield self
        finally:
            _active.reset(token)


_active: contextvars.ContextVar[LockIndex | None] = contextvars.ContextVar(
    "xiezuo_lock_index", default=None)


def active_index() -> LockIndex | None:
    """The index a bulk job made active, if any."""
    return _active.get()


def find_lock(label: str, places: list[tuple[str, dt.date]],
              index: LockIndex | None = None) -> Lock | None:
    """The lock covering any of ``places`` (region code, date) of a ledger row, if any."""
    places = [(code, day) for code, day in places if code and day]
    if not places:
        return None
    index = index or _active.get()
    if index is not None:
        for code, day in places:
            found = index.find(label, code, day)
            if found is not None:
                return found
        return None
    query = Q()
    for code, day in dict.fromkeys(places):  # the same place twice is asked once
        query |= Q(region_key__in=names.ancestor_keys(code), period_start__lte=day,
                   period_end__gte=day)
    for row in _locks_query().filter(query):
        lock = _lock(row)
        if label in lock.ledgers:
            return lock
    return None


def stored_place(row: Any) -> tuple[str, dt.date] | None:
    """The row's region code and date as stored (before this edit), from its snapshot."""
    if row._state.adding or not hasattr(row, "_snapshot"):
        return None
    snapshot = row._snapshot
    region_id = snapshot.get("region")
    value = snapshot.get(row.period_field)
    if region_id is None or value in (None, ""):
        return None
    if isinstance(value, int):
        day = dt.date(value, 12, 31)
    else:
        try:
            day = dt.date.fromisoformat(str(value)[:10])
        except ValueError:
            return None
    if region_id == row.region_id and row.region_id is not None:
        return row.region.code, day
    from xiezuo.regions.models import Region

    code = Region.objects.filter(pk=region_id).values_list("code", flat=True).first()
    return (code, day) if code else None


def places(row: Any, *, stored_only: bool = False) -> list[tuple[str, dt.date]]:
    """Where and when ``row`` lies: as stored, and (unless ``stored_only``) as edited."""
    found: list[tuple[str, dt.date]] = []
    stored = stored_place(row)
    if stored is not None:
        found.append(stored)
    if not stored_only and row.region_id is not None:
        day = row.record_date()
        if day is not None:
            found.append((row.region.code, day))
    return found


def row_lock(row: Any, *, stored_only: bool = False,
             index: LockIndex | None = None) -> Lock | None:
    """The lock that forbids changing ``row``: on the row as stored, or as edited (moving a
    row into a locked period is as refused as changing one inside it)."""
    return find_lock(row._meta.label_lower, places(row, stored_only=stored_only), index)


def check_row(row: Any, *, stored_only: bool = False, index: LockIndex | None = None) -> None:
    """Raise ValidationError naming the approval if ``row`` lies in a locked period."""
    lock = row_lock(row, stored_only=stored_only, index=index)
    if lock is not None:
        raise ValidationError(lock.message(), code="locked")


def lock(holder: str, region: Any, start: dt.date, end: dt.date, ledgers: Iterable[str], *,
         by: Any = None, at: dt.datetime | None = None) -> None:
    """Lock ``ledgers`` (labels, ``funds.fundmovement``) in ``region`` and below from
    ``start`` to ``end``, on behalf of ``holder`` (what approved it, e.g.
    ``reporting.submission:12``); locking again under the same holder replaces its lock."""
    from xiezuo.ledgers.models import PeriodLock

    PeriodLock.objects.update_or_create(holder=holder, defaults={
        "region": region, "region_key": region.scope_key, "period_start": start,
        "period_end": end, "ledgers": sorted(set(ledgers)), "locked_at": at or timezone.now(),
        "locked_by": by if getattr(by, "is_authenticated", False) else None})


def release(holder: str) -> None:
    """Clear ``holder``'s lock: the rows may change again."""
    from xiezuo.ledgers.models import PeriodLock

    PeriodLock.objects.filter(holder=holder).delete()
