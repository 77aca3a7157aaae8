"""A ledger list's figures — the row count of its pager, the totals of its footer and the band
above its table — kept in the shared cache, and made stale by every write of the ledger.

Each of these figures is a scan of every row the user may see under the list's filters; the
page itself reads one page of an index. So the figures are kept in the shared cache (Redis when
``XIEZUO_REDIS_URL`` is set: one copy for every app server), under a key made of:

- the ledger and the SQL (with its parameters) of the rows counted — which holds the user's
  scope (``restrict``) and the filters as they were normalised by the filter set, so that two
  users of different scope, or two filters, never share an entry, and two users of the same
  scope with the same filters do;
- the language of the page (the band's labels are kept as translatable text, its values as
  numbers, but a ledger's band may name things in the page's language).

The ledger's generation, a number every write of the ledger raises (``actions.write`` and
``actions.delete``, the one road of every ledger row: forms, bulk actions, imports, the API),
is stored with the entry: an entry of an older generation is counted again. The generation is
raised when the write is made (so the writing request, and a test in one transaction, read new
figures) and again once it commits (so that figures another request counted from the rows
before the commit, while the write was under way, are not kept). A generation missing from the
cache (evicted, a new cache) starts at a random number, so that no old entry matches it.

Figures read from a replica (the API's reads, ``core/dbrouter``) are kept no longer than the
replica may lag (``XIEZUO_REPLICA_MAX_LAG_SECONDS``): the staleness the replica itself admits.

With the database as the shared cache (no Redis), a look-up is itself a query and keeping an
entry several: the figures are then counted on every request, as before. Data changed outside
the application (raw SQL) is seen once the entry expires (:data:`TIMEOUT`).
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Callable
from typing import Any

from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.db import models, transaction
from django.utils.translation import get_language

#: seconds an entry is kept at most (figures changed outside the application are seen after)
TIMEOUT = 15 * 60
#: seconds a generation is kept (longer than any entry)
GENERATION_TIMEOUT = 24 * 60 * 60


def _cache() -> Any:
    """The shared cache, or None when keeping figures in it would cost queries (the
    database cache)."""
    cache = caches["shared"]
    return None if isinstance(cache, DatabaseCache) else cache


def _label(model: type[models.Model]) -> str:
    return (model._meta.concrete_model or model)._meta.label_lower


def _generation_key(model: type[models.Model]) -> str:
    return f"ledger-generation:{_label(model)}"


def _bump_now(model: type[models.Model]) -> None:
    cache = _cache()
    if cache is None:
        return
    key = _generation_key(model)
    try:
        cache.incr(key)
    except ValueError:  # not in the cache: a fresh start no entry can match
        cache.set(key, secrets.randbits(48), GENERATION_TIMEOUT)


def changed(model: type[models.Model]) -> None:
    """Rows of ``model`` are being written: its lists' figures are counted again, from now
    and once the transaction commits."""
    _bump_now(model)
    transaction.on_commit(lambda: _bump_now(model))


def entry_key(model: type[models.Model], rows: Any, what: str) -> str:
    """The key of the figures ``what`` ("page": the list page's; "count": the API's) of
    ``rows`` (a queryset of ``model``): the SQL that selects them, with its parameters, and
    the page's language. The SQL is that of the rows' keys: the rows are the same, and the
    columns their related records bring were most of the cost of writing it."""
    sql, params = rows.order_by().values("pk").query.sql_with_params()
    text = json.dumps([sql, list(params), get_language()], default=str)
    digest = hashlib.sha256(text.encode()).hexdigest()
    return f"ledger-figures:{_label(model)}:{what}:{digest}"


def figures(model: type[models.Model], rows: Any, what: str, count: Callable[[], Any]) -> Any:
    """What ``count()`` gives for ``rows``: from the cache when it was counted since the last
    write of ``model``, else counted now and kept. ``what`` names the figures (one key per kind
    of figures); ``count()`` must give a picklable value."""
    cache = _cache()
    if cache is None:
        return count()
    gen_key, key = _generation_key(model), entry_key(model, rows, what)
    found = cache.get_many([gen_key, key])
    generation = found.get(gen_key)
    if generation is None:
        cache.add(gen_key, secrets.randbits(48), GENERATION_TIMEOUT)
        generation = cache.get(gen_key)
    kept = found.get(key)
    if kept is not None and kept[0] == generation:
        return kept[1]
    value = count()
    if generation is not None:
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
