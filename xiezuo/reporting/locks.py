"""Approved periods lock the ledger rows they cover.

A ledger row is locked when an approved submission covers its region (the row's region lies
within the submission's region), its date (``record_date()``) and its ledger (the data set
lists it). ``LedgerRecord.clean()`` calls :func:`check_row`, so every form, the importer and
the API obey the lock; the generic delete view calls it before deleting.

One row costs one indexed query (the approved submissions whose region key is one of the
row's ancestor keys and whose period holds its date). A bulk job loads a :class:`LockIndex`
once and makes it active; rows are then answered in memory::

    with LockIndex.load().active():
        ...  # every check_row() inside asks the index, not the database
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from xiezuo.regions import names


@dataclass(frozen=True)
class Lock:
    submission_id: int
    region_key: str
    region_name: str
    period_start: dt.date
    period_end: dt.date
    frequency: str
    ledgers: frozenset[str]
    approved_at: dt.datetime | None

    def covers(self, label: str, keys: list[str], day: dt.date) -> bool:
        return (label in self.ledgers and self.region_key in keys
                and self.period_start <= day <= self.period_end)

    def message(self) -> str:
        from xiezuo.reporting.periods import Period

        when = ""
        if self.approved_at is not None:
            t = timezone.localtime(self.approved_at)
            when = _("%(y)s年%(m)s月%(d)s日 %(hm)s") % {
                "y": t.year, "m": t.month, "d": t.day, "hm": f"{t:%H:%M}"}
        period = Period(self.period_start, self.period_end, self.frequency)
        return _("该记录所属的 %(r)s %(p)s 报送已于 %(t)s 批准锁定，"
                 "如需修改请联系审批单位解锁。") % {
            "r": self.region_name, "p": period.label, "t": when}


_FIELDS = ("pk", "region_key", "region__name", "period_start", "period_end",
           "data_set__frequency", "data_set_id", "approved_at")


def _locks_query() -> Any:
    from xiezuo.reporting.models import Submission

    return Submission.objects.locks().order_by().values_list(*_FIELDS)


def _lock(values: tuple[Any, ...], ledgers: frozenset[str]) -> Lock:
    pk, key, name, start, end, frequency, _data_set, approved_at = values
    return Lock(pk, key, name, start, end, frequency, ledgers, approved_at)


class LockIndex:
    """Every approved lock, loaded once (two queries), answered in memory."""

    def __init__(self, locks: list[Lock]) -> None:
        self._by_key: dict[str, list[Lock]] = {}
        for lock in locks:
            self._by_key.setdefault(lock.region_key, []).append(lock)

    @classmethod
    def load(cls) -> LockIndex:
        from xiezuo.reporting.models import DataSet

        rows = list(_locks_query())
        if not rows:
            return cls([])
        ledgers = {pk: frozenset(labels) for pk, labels in
                   DataSet.objects.values_list("pk", "ledgers")}
        return cls([_lock(row, ledgers.get(row[6], frozenset())) for row in rows])

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


def find_lock(label: str, places: list[tuple[str, dt.date]]) -> Lock | None:
    """The lock covering any of ``places`` (region code, date) of a ledger row, if any."""
    places = [(code, day) for code, day in places if code and day]
    if not places:
        return None
    index = _active.get()
    if index is not None:
        for code, day in places:
            found = index.find(label, code, day)
            if found is not None:
                return found
        return None
    from django.db.models import Q

    query = Q()
    for code, day in dict.fromkeys(places):  # the same place twice is asked once
        query |= Q(region_key__in=names.ancestor_keys(code), period_start__lte=day,
                   period_end__gte=day)
    for row in _locks_query().filter(query).values_list(*_FIELDS, "data_set__ledgers"):
        lock = _lock(row[:-1], frozenset(row[-1]))
        if label in lock.ledgers:
            return lock
    return None


def _stored_place(row: Any) -> tuple[str, dt.date] | None:
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


def row_lock(row: Any, *, stored_only: bool = False) -> Lock | None:
    """The lock that forbids changing ``row``: on the row as stored, or as edited (moving a
    row into a locked period is as refused as changing one inside it)."""
    label = row._meta.label_lower
    places: list[tuple[str, dt.date]] = []
    stored = _stored_place(row)
    if stored is not None:
        places.append(stored)
    if not stored_only and row.region_id is not None:
        day = row.record_date()
        if day is not None:
            places.append((row.region.code, day))
    return find_lock(label, places)


def check_row(row: Any, *, stored_only: bool = False) -> None:
    """Raise ValidationError naming the approval if ``row`` lies in a locked period."""
    lock = row_lock(row, stored_only=stored_only)
    if lock is not None:
        raise ValidationError(lock.message(), code="locked")
