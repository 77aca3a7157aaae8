"""Records a batch has read already: the related records an import found for its rows.

An import reads each column's records once for the whole file (the pairings, places and
projects its cells name, found in the very querysets the ledger's form offers). While those
records are active (``with records.active():``), the form's record fields
(:class:`~xiezuo.ledgers.forms.RecordChoiceField`) take a record the import found in that
field's queryset without asking the database again, and model validation
(``LedgerRecord.clean_fields``) knows such a record exists. Everything else about a row is
validated as on the page; the database's own foreign keys still refuse a record deleted in
the meantime when the rows are written.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from typing import Any

from django.db import models


class Records:
    """The records each form field's queryset was found to hold, by field name."""

    def __init__(self) -> None:
        self._offered: dict[str, dict[int, models.Model]] = {}
        self._read: dict[type[models.Model], set[Any]] = {}

    def offer(self, field_name: str, obj: models.Model) -> None:
        """``obj`` was read from the queryset the form's ``field_name`` offers."""
        self._offered.setdefault(field_name, {})[obj.pk] = obj
        self.read(obj)

    def read(self, obj: models.Model) -> None:
        """``obj`` was read from the database in this transaction, with the related records
        read along with it (a project's pairing and place)."""
        seen = self._read.setdefault(type(obj), set())
        if obj.pk in seen:
            return
        seen.add(obj.pk)
        field: Any
        for field in obj._meta.concrete_fields:
            if field.is_relation and field.is_cached(obj):
                related = field.get_cached_value(obj)
                if related is not None and not related._state.adding:
                    self.read(related)

    def offered(self, field_name: str, obj: Any) -> bool:
        return isinstance(obj, models.Model) and \
            self._offered.get(field_name, {}).get(obj.pk) is obj

    def exists(self, obj: Any) -> bool:
        """Whether a record of ``obj``'s kind and number was read in this transaction."""
        return isinstance(obj, models.Model) and not obj._state.adding and \
            obj.pk in self._read.get(type(obj), ())

    @contextlib.contextmanager
    def active(self) -> Iterator[Records]:
        token = _active.set(self)
        try:
            yield self
        finally:
            _active.reset(token)


_active: contextvars.ContextVar[Records | None] = contextvars.ContextVar(
    "xiezuo_records", default=None)


def active() -> Records | None:
    """The records of the batch being validated, if any."""
    return _active.get()
