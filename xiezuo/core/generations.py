"""Generations: numbers kept in the shared cache, each raised by every write of some data, so
that what was counted from that data and kept in the cache under an older number is counted
again (a ledger list's figures: ``ledgers/listcache``).

A generation is raised when the write is made (so the writing request, and a test in one
transaction, read new figures) and again once it commits (so that figures another request
counted from the rows before the commit, while the write was under way, are not kept). A
generation missing from the cache (evicted, a new cache) starts at a random number, so that
nothing kept under an older one matches it.

:data:`REFERENCES` is the generation of what the rows of every ledger point to, and what every
list's figures may read besides the ledger's own rows: pairings (their parties decide which
rows a user sees and which a pairing filter selects), regions (their scope keys and names),
and the ledger rows other ledgers' rows point to (a spending's project, a cadre's team: their
names are searched). Their writes are rare; each makes the figures of every list stale.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from typing import Any

from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.db import transaction

#: seconds a generation is kept (longer than anything kept under it)
TIMEOUT = 24 * 60 * 60
#: the generation of the records every ledger's rows point to (see the module's text)
REFERENCES = "generation:references"


def shared_cache() -> Any:
    """The shared cache, or None when keeping figures in it would cost queries (the
    database cache)."""
    cache = caches["shared"]
    return None if isinstance(cache, DatabaseCache) else cache


def _raise_now(key: str) -> None:
    cache = shared_cache()
    if cache is None:
        return
    try:
        cache.incr(key)
    except ValueError:  # not in the cache: a fresh start nothing kept can match
        cache.set(key, secrets.randbits(48), TIMEOUT)


def raise_generation(key: str) -> None:
    """The data of generation ``key`` is being written: raise it now and once the
    transaction commits."""
    _raise_now(key)
    transaction.on_commit(lambda: _raise_now(key))


def references_changed() -> None:
    """A pairing, a region, or a record other ledgers' rows point to is being written: the
    figures of every list are counted again, from now and once the transaction commits."""
    raise_generation(REFERENCES)


def current(cache: Any, keys: Sequence[str], found: dict[str, Any]) -> tuple[Any, ...]:
    """The generations ``keys`` (as ``found`` in one look-up with other keys), each started
    when missing; None for one the cache would not keep."""
    values = []
    for key in keys:
        value = found.get(key)
        if value is None:
            cache.add(key, secrets.randbits(48), TIMEOUT)
            value = cache.get(key)
        values.append(value)
    return tuple(values)
