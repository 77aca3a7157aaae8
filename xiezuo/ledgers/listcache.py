"""A ledger list's figures — the row count of its pager, the totals of its footer and the band
above its table — kept in the shared cache, and made stale by every write of the ledger (and
of what its rows point to).

Each of these figures is a scan of every row the user may see under the list's filters; the
page itself reads one page of an index. So the figures are kept in the shared cache (Redis when
``XIEZUO_REDIS_URL`` is set: one copy for every app server), under a key made of:

- the ledger and the SQL (with its parameters) of the rows counted — which holds the user's
  scope (``restrict``) and the filters as they were normalised by the filter set, so that two
  users of different scope, or two filters, never share an entry, and two users of the same
  scope with the same filters do;
- the language of the page (the band's labels are kept as translatable text, its values as
  numbers, but a ledger's band may name things in the page's language);
- for a ledger whose figures count against today's date (``Ledger.dated_figures``: "in post
  today", "overdue"), the local date (``settings.TIME_ZONE``): a new day is a new entry.

The ledger's generation, a number every write of the ledger raises (``actions.write`` and
``actions.delete``, the one road of every ledger row: forms, bulk actions, imports, the API),
is stored with the entry, and so is the generation of what the rows of every ledger point to
(``core.generations.REFERENCES``: pairings, regions, and the ledger rows other ledgers' rows
point to, such as a spending's project, whose writes raise it): an entry of an older
generation is counted again. Both are raised when the write is made and again once it commits
(``core.generations``).

Figures read from a replica (the API's reads, ``core/dbrouter``) are kept no longer than the
replica may lag (``XIEZUO_REPLICA_MAX_LAG_SECONDS``): the staleness the replica itself admits.

With the database as the shared cache (no Redis), a look-up is itself a query and keeping an
entry several: the figures are then counted on every request, as before. Data changed outside
the application (raw SQL) is seen once the entry expires (:data:`TIMEOUT`).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language

from xiezuo.core import generations

#: seconds an entry is kept at most (figures changed outside the application are seen after)
TIMEOUT = 15 * 60


def _label(model: type[models.Model]) -> str:
    return (model._meta.concrete_model or model)._meta.label_lower


def _generation_key(model: type[models.Model]) -> str:
    return f"ledger-generation:{_label(model)}"


@functools.cache
def _referenced(model: type[models.Model]) -> bool:
    """Whether rows of another ledger point to rows of ``model`` (a spending to its project,
    a cadre to their team): that ledger's filters may read them (search a project's name)."""
    from xiezuo.ledgers.declare import declared_ledgers

    ledgers = set(declared_ledgers())
    return any(isinstance(rel.related_model, type) and rel.related_model is not model
               and _label(rel.related_model) in ledgers for rel in model._meta.related_objects)


def changed(model: type[models.Model]) -> None:
    """Rows of ``model`` are being written: its lists' figures are counted again, from now
    and once the transaction commits; every list's, when other ledgers' rows point to it."""
    generations.raise_generation(_generation_key(model))
    if _referenced(model):
        generations.references_changed()


def entry_key(model: type[models.Model], rows: Any, what: str,
              day: dt.date | None = None) -> str:
    """The key of the figures ``what`` ("page": the list page's; "count": the API's) of
    ``rows`` (a queryset of ``model``): the SQL that selects them, with its parameters, the
    page's language and the ``day`` they were counted on (for figures that depend on it). The
    SQL is that of the rows' keys: the rows are the same, and the columns their related
    records bring were most of the cost of writing it."""
    sql, params = rows.order_by().values("pk").query.sql_with_params()
    text = json.dumps([sql, list(params), get_language(), day], default=str)
    digest = hashlib.sha256(text.encode()).hexdigest()
    return f"ledger-figures:{_label(model)}:{what}:{digest}"


def figures(model: type[models.Model], rows: Any, what: str, count: Callable[[], Any], *,
            dated: bool = False) -> Any:
    """What ``count()`` gives for ``rows``: from the cache when it was counted since the last
    write of ``model`` (and of what its rows point to), else counted now and kept. ``what``
    names the figures (one key per kind of figures); ``dated``: they count against today's
    date, and are kept for the day; ``count()`` must give a picklable value."""
    cache = generations.shared_cache()
    if cache is None:
        return count()
    day = timezone.localdate() if dated else None
    gen_keys = [_generation_key(model), generations.REFERENCES]
    try:
        key = entry_key(model, rows, what, day)
    except EmptyResultSet:  # no SQL selects no rows (a filter refused: ``qs.none()``)
        return count()
    found = cache.get_many([*gen_keys, key])
    generation = generations.current(cache, gen_keys, found)
    kept = found.get(key)
    if kept is not None and kept[0] == generation:
        return kept[1]
    value = count()
    if None not in generation:
        cache.set(key, (generation, value), _timeout(rows))
    return value


def _timeout(rows: Any) -> int:
    """How long figures counted from ``rows`` are kept: :data:`TIMEOUT`, but no longer than
    the replica may lag when they were read from it (the API's reads): a write the replica has
    not replayed yet would otherwise be missing from them under the new generation."""
    from django.conf import settings

    from xiezuo.core.dbrouter import primary_alias, replica_alias

    if not replica_alias() or rows.db == primary_alias():
        return TIMEOUT
    return max(1, min(TIMEOUT, int(getattr(settings, "REPLICA_MAX_LAG_SECONDS", 30))))
