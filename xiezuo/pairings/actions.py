"""Writing a pairing: the one road of the edit page and the admin.

A pairing's parties decide which rows of every ledger a user sees and which a pairing filter
selects, so a write of a pairing makes the figures every ledger list keeps in the cache stale
(``core.generations.references_changed``), from the write on and once it commits.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from xiezuo.core import chain, generations
from xiezuo.core.audit import acting_as
from xiezuo.pairings.models import Pairing


def save(user: Any, pairing: Pairing) -> Pairing:
    """Store ``pairing`` (new or changed), validated by the caller, on behalf of ``user``."""
    with transaction.atomic(), acting_as(user):
        chain.hold()  # the audit chain's head before any row (core/chain.py)
        pairing.save()
        generations.references_changed()
    return pairing


def delete(user: Any, pairing: Pairing) -> None:
    """Delete ``pairing`` (refused by the database while rows point to it)."""
    with transaction.atomic(), acting_as(user):
        chain.hold()
        pairing.delete()
        generations.references_changed()
