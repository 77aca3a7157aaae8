"""Check constraints evaluated in Python, with the database's own logic.

Django checks a model's ``CheckConstraint`` before saving by asking the database
(``SELECT 1 WHERE <condition>`` over the row's values): one query a constraint a row. The
conditions this project declares are plain comparisons of a row's own fields (``amount > 0``,
``persons_poverty <= persons``, ``donor <> recipient``), which Python answers exactly as SQL
does, NULL included: a comparison with NULL is unknown, and a row passes unless its condition
is false. :func:`check` answers those and says :data:`UNSUPPORTED` for anything else (another
lookup, an expression, text ordered by a collation), which is then asked of the database as
Django does. ``test_constraints.py`` holds the two answers equal on random rows.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Mapping
from typing import Any

from django.db import models
from django.db.models import F, Q

#: :func:`check` cannot answer this condition in Python
UNSUPPORTED: Any = object()
_NUMBERS = (int, float, decimal.Decimal)


def _comparable(a: Any, b: Any) -> bool:
    """Whether Python orders ``a`` and ``b`` as the database does: two numbers (not yes/no),
    two days, two moments. Text is ordered by the database's collation: not answered here."""
    if isinstance(a, bool) or isinstance(b, bool):
        return False
    if isinstance(a, _NUMBERS) and isinstance(b, _NUMBERS):
        return True
    if isinstance(a, dt.datetime) or isinstance(b, dt.datetime):
        return isinstance(a, dt.datetime) and isinstance(b, dt.datetime)
    return isinstance(a, dt.date) and isinstance(b, dt.date)


def row_values(instance: models.Model, exclude: set[str]) -> dict[str, Any]:
    """The row's values by field name (foreign keys as their ids), excluded fields left out
    (a constraint that needs one is skipped, as Django skips it)."""
    values: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if field.name not in exclude:
            values[field.name] = getattr(instance, field.attname)
    values["pk"] = instance.pk
    return values


def check(condition: Q, values: Mapping[str, Any]) -> Any:
    """True (holds), False (violated), None (unknown: a NULL took part), a missing field
    (:class:`KeyError`: the constraint is skipped, as Django skips it) or UNSUPPORTED."""
    results = []
    children: list[Any] = list(condition.children)
    for child in children:
        if isinstance(child, Q):
            result = check(child, values)
        else:
            lookup, value = child
            result = _compare(lookup, value, values)
        if result is UNSUPPORTED:
            return UNSUPPORTED
        results.append(result)
    if condition.connector == Q.AND:
        combined = False if False in results else (None if None in results else True)
    else:
        combined = True if True in results else (None if None in results else False)
    if condition.negated:
        return None if combined is None else not combined
    return combined


def _compare(lookup: str, wanted: Any, values: Mapping[str, Any]) -> Any:
    name, _, kind = lookup.partition("__")
    if "__" in kind:
        return UNSUPPORTED  # a lookup across a relation or a transform
    kind = kind or "exact"
    have: Any = values[name]
    literal = not isinstance(wanted, F)
    if not literal:
        if "__" in wanted.name:
            return UNSUPPORTED
        wanted = values[wanted.name]
    elif hasattr(wanted, "resolve_expression"):
        return UNSUPPORTED
    if kind == "isnull":
        return (have is None) is bool(wanted)
    if kind == "exact" and wanted is None and literal:  # Q(x=None) is x IS NULL
        return have is None
    if kind == "in":
        if have is None:
            return None
        return have in wanted
    if have is None or wanted is None:
        return None
    if kind == "exact":
        return have == wanted
    if not _comparable(have, wanted):
        return UNSUPPORTED
    if kind == "gt":
        return have > wanted
    if kind == "gte":
        return have >= wanted
    if kind == "lt":
        return have < wanted
    if kind == "lte":
        return have <= wanted
    return UNSUPPORTED
