"""The audit log's hash chain: append-only and tamper-evident.

Every :class:`~xiezuo.core.models.AuditEntry` gets, just before it is inserted, the next
position in the chain (``seq``) and a digest::

    digest(n) = HMAC-SHA256(key, digest(n-1) || canonical(entry n))

where ``canonical`` is the entry's content (position, time, actor, action, object, changes,
reason) as sorted, compact JSON, and the key is ``AUDIT_KEY`` (``XIEZUO_AUDIT_KEY``, by
default derived from the secret key). Someone who can write to the database but does not
hold the key cannot edit, insert or delete a row without :func:`verify` finding it: an
edited row no longer matches its digest, a deleted one leaves a gap in ``seq`` and breaks
its successor's link, a deleted tail no longer reaches the chain's head.

**One function writes the chain: :func:`seal`.** Every writer calls it inside its
transaction with the new entries, in the order they will be inserted, and then inserts
them (``record_audit``, ``AuditedModel.save/delete/bulk_create_audited`` in
``core/models.py``; a bulk writer the same way)::

    with transaction.atomic():
        entries = [AuditEntry(...), ...]   # or any objects with the same attributes
        seal(entries)                      # takes the chain's head, numbers and digests them
        AuditEntry.objects.bulk_create(entries)

**Concurrency.** ``seal`` reads the chain's head row (``AuditChainHead``, one row) with
``SELECT … FOR UPDATE`` and writes it back, so the lock is held until the transaction
commits or rolls back: two transactions appending at once are serialised and cannot fork
the chain (a rolled-back transaction leaves the head as it was, so no gap either). On
SQLite the whole database is already written by one transaction at a time
(``transaction_mode=IMMEDIATE``). The cost: transactions that write audit rows commit one
after the other from their first audit row on; measured in ``bench/audit_chain_bench.py``
(docs/BENCHMARKS.md). Keep audited transactions short; a long import holds the head for
its whole commit.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone

#: the digest before the first entry
GENESIS = "0" * 64


def audit_key() -> bytes:
    """The chain's HMAC key: ``AUDIT_KEY`` when set, else derived from ``SECRET_KEY``."""
    key = getattr(settings, "AUDIT_KEY", "") or ""
    if key:
        return key.encode()
    return hmac.new(settings.SECRET_KEY.encode(), b"xiezuo audit chain",
                    hashlib.sha256).digest()


def _utc(value: dt.datetime) -> str:
    if timezone.is_naive(value):
        value = timezone.make_aware(value, dt.UTC)
    return value.astimezone(dt.UTC).isoformat(timespec="microseconds")


def canonical(entry: Any) -> bytes:
    """The content a digest covers, as bytes: the same for an entry before insert and for
    the row read back from SQLite or PostgreSQL (JSON keys sorted, times in UTC)."""
    content = [entry.seq, _utc(entry.at), entry.actor_id, entry.actor_label, entry.action,
               entry.content_type_id, str(entry.object_id), entry.object_repr,
               entry.changes, entry.reason]
    return json.dumps(content, sort_keys=True, ensure_ascii=False,
                      separators=(",", ":"), default=str).encode()


def digest_of(previous: str, entry: Any, key: bytes) -> str:
    return hmac.new(key, previous.encode() + canonical(entry), hashlib.sha256).hexdigest()


def hold(using: str = DEFAULT_DB_ALIAS) -> Any:
    """Take the chain's head (locked until the surrounding transaction ends) and return it.

    ``seal`` takes it at the first audit row; a writer that also locks rows of its own
    (a record it checks the version of, the figures it refreshes) takes the head first, so
    that every writer locks in the same order — head, then rows — and two of them never
    wait for each other (a deadlock PostgreSQL would end by failing one)."""
    from xiezuo.core.models import AuditChainHead

    if not connections[using].in_atomic_block:
        raise transaction.TransactionManagementError(
            "the chain's head is taken inside the transaction that writes the entries")
    heads = AuditChainHead.objects.using(using).select_for_update().filter(pk=1)
    head = heads.first()
    if head is None:  # a database flushed by a test, or created without migrations
        # several transactions may find it missing at once: one inserts, the others wait
        # for it and insert nothing, then all take the row in turn
        AuditChainHead.objects.using(using).bulk_create(
            [AuditChainHead(pk=1, seq=0, digest=GENESIS)], ignore_conflicts=True)
        head = heads.get()
    return head


def seal(entries: Sequence[Any], using: str = DEFAULT_DB_ALIAS) -> None:
    """Number and digest new audit entries (``AuditEntry`` objects, or any objects with the
    same attributes), in the order given, after the chain's current head; the head is
    locked until the surrounding transaction ends. Call it inside that transaction, right
    before the entries are inserted; every entry gets ``at`` (now, if unset), ``seq`` and
    ``digest``."""
    if not entries:
        return
    from xiezuo.core.models import AuditChainHead

    head = hold(using)
    key = audit_key()
    now = timezone.now()
    seq, previous = head.seq, head.digest
    for entry in entries:
        if getattr(entry, "at", None) is None:
            entry.at = now
        seq += 1
        entry.seq = seq
        previous = entry.digest = digest_of(previous, entry, key)
    AuditChainHead.objects.using(using).filter(pk=1).update(seq=seq, digest=previous)


@dataclass(frozen=True)
class Problem:
    seq: int | None
    entry_id: int | None
    what: str

    def __str__(self) -> str:
        where = f"seq {self.seq}" if self.seq is not None else "?"
        return f"{where} (id {self.entry_id}): {self.what}"


def verify(using: str = DEFAULT_DB_ALIAS, batch: int = 5000) -> Iterator[Problem]:
    """Walk the chain from the first entry to the head and yield every problem found: an
    entry whose content no longer matches its digest (edited), a missing position
    (deleted), an entry without a position (inserted by hand), a head the chain does not
    reach (the newest entries deleted)."""
    from xiezuo.core.models import AuditChainHead, AuditEntry

    key = audit_key()
    rows = AuditEntry.objects.using(using).order_by("seq")
    for entry in rows.filter(seq__isnull=True).only("id"):
        yield Problem(None, entry.pk, "no position in the chain (inserted outside the log)")
    expected_seq = 1
    previous_or_none: str | None = GENESIS  # None after a gap: no link to check
    fields = ("id", "seq", "digest", "at", "actor_id", "actor_label", "action",
              "content_type_id", "object_id", "object_repr", "changes", "reason")
    for entry in rows.filter(seq__isnull=False).only(*fields).iterator(chunk_size=batch):
        seq = int(entry.seq or 0)
        if seq != expected_seq:
            yield Problem(expected_seq, None, f"entries {expected_seq}–{seq - 1} missing "
                                              "(deleted)")
            previous_or_none = None  # the link to the deleted entry cannot be checked
        if previous_or_none is not None and digest_of(previous_or_none, entry,
                                                      key) != entry.digest:
            yield Problem(seq, entry.pk, "content or link does not match its digest (edited)")
        expected_seq, previous_or_none = seq + 1, entry.digest
    head = AuditChainHead.objects.using(using).filter(pk=1).first()
    if head is not None and head.seq >= expected_seq:
        yield Problem(expected_seq, None, f"entries {expected_seq}–{head.seq} missing "
                                          "(the newest entries were deleted)")
    elif (head is not None and head.seq and previous_or_none is not None
          and previous_or_none != head.digest):
        yield Problem(head.seq, None, "the last entry does not match the chain's head")
