"""Writing ledger rows: the one road every caller takes.

The form views, the importer, the report reader's accept, the API and the admin all write
ledger rows through these functions, and nothing else in the application does. Each is one
transaction on behalf of a user, and around the write it does, visibly and in this order:

1. the user's scope: the role may add, change or delete, and the row lies in the user's
   region (or the pairings the office is party to);
2. the period lock (``locks.py``): a row of an approved period is refused as stored and as
   edited, and so are files added to it or taken from it;
3. the version a person saw (``seen``): a stored row changed by someone else since is
   refused (:class:`Stale`), with that person's changes;
4. the ledger's own write-time rules (``check_write``: a spending beyond its project's
   allocation), with the rows they need locked;
5. the write itself, with its audit rows (``AuditedModel``): new rows go in together, one
   statement per batch, unless their audit entry names a step of its own;
6. the pre-aggregated figures of every pairing, place and year the rows were in or moved to
   (``figures.refresh``), and the ledger's list figures kept in the cache made stale
   (``listcache.changed``).

Validation is the caller's: every caller runs the ledger's own form first (``LedgerForm``),
whose rules are the same for a person typing, a sheet and the API.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import models, transaction
from django.utils.translation import gettext as _

from xiezuo.core import chain
from xiezuo.core.audit import acting_as
from xiezuo.core.models import Attachment, AuditedModel, AuditEntry, record_audit
from xiezuo.core.scoping import Action, Scope
from xiezuo.ledgers import figures, listcache, locks
from xiezuo.ledgers.models import LedgerRecord

#: rows inserted together in one statement (SQLite caps a statement's parameters)
BATCH = 500
Row = TypeVar("Row", bound=LedgerRecord)


class Stale(ValidationError):
    """The row was changed by someone else after the version the user saw."""

    def __init__(self, obj: models.Model, seen: int, stored: int) -> None:
        self.obj, self.seen, self.stored = obj, seen, stored
        super().__init__(_("「%(o)s」在您打开之后已被他人修改（您看到的是第 %(a)s 版，现在是第 "
                           "%(b)s 版）。您的修改没有保存：请查看对方的修改后重新填写。") % {
            "o": obj, "a": seen, "b": stored}, code="stale")

    def entries(self) -> list[AuditEntry]:
        """What was changed since the version the user saw, newest first."""
        return changes_since(self.obj, self.seen)


def changes_since(obj: models.Model, version: int) -> list[AuditEntry]:
    """The audit entries of ``obj`` that made versions after ``version``."""
    found = []
    for entry in AuditEntry.for_object(obj)[:200]:
        made = (entry.changes or {}).get("version")
        if isinstance(made, list) and len(made) == 2 and isinstance(made[1], int) \
                and made[1] > version:
            found.append(entry)
    return found


def _scope(user: Any, rows: Iterable[models.Model], action: Action) -> None:
    scope = Scope.of(user)
    if not scope.allows(action):
        raise PermissionDenied(_("您的角色不能进行此操作。"))
    for row in rows:
        if not scope.covers(row, action):  # reading a row is not changing it
            raise PermissionDenied(_("只能登记或修改本单位数据范围内的记录。"))


def _locks(rows: Sequence[LedgerRecord], *, stored_only: bool) -> None:
    index = locks.active_index()
    if index is None and len(rows) > 1:
        index = locks.LockIndex.for_places(
            p for row in rows for p in locks.places(row, stored_only=stored_only))
    for row in rows:
        locks.check_row(row, stored_only=stored_only, index=index)


def _versions(model: type[models.Model], rows: Sequence[models.Model],
              seen: Mapping[int, int]) -> None:
    wanted = [r for r in rows if r.pk in seen and seen[r.pk] is not None]
    if not wanted:
        return
    stored = dict(model._default_manager.select_for_update().filter(
        pk__in=[r.pk for r in wanted]).values_list("pk", "version"))
    for row in wanted:
        if stored.get(row.pk) != seen[row.pk]:
            raise Stale(row, seen[row.pk], stored.get(row.pk, 0))


def bulk_insertable(model: type[models.Model]) -> bool:
    """Whether new rows of ``model`` may go in together: its ``save()`` adds nothing of its
    own (write-time rules belong in ``check_write``) and it has no many-to-many fields."""
    return getattr(model, "save", None) is AuditedModel.save and not model._meta.many_to_many


def _save(row: AuditedModel, action: str, reason: str) -> None:
    kwargs = {k: v for k, v in (("audit_action", action), ("audit_reason", reason)) if v}
    row.save(**kwargs)


def write(user: Any, rows: Sequence[Row], *, reason: str = "", action: str = "",
          seen: Mapping[int, int] | None = None,
          permission: Action | None = None) -> list[Row]:
    """Create (rows not yet stored) and update (stored rows) ledger rows of one ledger,
    validated by the caller. ``action``/``reason`` name a workflow step in the audit log
    (``advance``…); ``seen`` maps a stored row's id to the version the user edited;
    ``permission``: the role permission that allows this write when it is not the plain
    add or change (a reviewer accepting a report creates its records by reviewing)."""
    if not rows:
        return []
    model = type(rows[0])
    if any(type(r) is not model for r in rows):
        raise TypeError("write() takes the rows of one ledger at a time")
    new = [r for r in rows if r._state.adding]
    changed = [r for r in rows if not r._state.adding]
    with transaction.atomic(), acting_as(user):
        chain.hold()  # head first, then rows: the order every writer keeps
        if new:
            _scope(user, new, permission or Action.ADD)
        if changed:
            _scope(user, changed, permission or Action.CHANGE)
        _locks(rows, stored_only=False)
        _versions(model, changed, seen or {})
        steps = model.check_write(rows)
        keys = {figures.key_of(r) for r in rows} | {figures.stored_key(r) for r in changed}
        together = [r for r in new if id(r) not in steps] \
            if bulk_insertable(model) and not action else []
        for start in range(0, len(together), BATCH):
            model.bulk_create_audited(together[start:start + BATCH], reason, batch_size=BATCH)
        alone = {id(r) for r in together}
        for row in [*(r for r in new if id(r) not in alone), *changed]:
            step_action, step_reason = steps.get(id(row), (action, reason))
            _save(row, step_action, step_reason)
        figures.refresh(model, keys)
        listcache.changed(model)
    return list(rows)


def save(user: Any, row: Row, *, reason: str = "", action: str = "",
         seen: int | None = None, permission: Action | None = None) -> Row:
    """Create or update one row (see :func:`write`); ``seen``: the version the user edited."""
    write(user, [row], reason=reason, action=action,
          seen={row.pk: seen} if seen is not None and row.pk else None,
          permission=permission)
    return row


def delete(user: Any, rows: Sequence[LedgerRecord], *, reason: str = "") -> None:
    """Delete rows of one ledger, each audited, with the same scope and lock rules as a
    change. A row other records still point at is refused (``ProtectedError``) and nothing
    is deleted."""
    if not rows:
        return
    model = type(rows[0])
    with transaction.atomic(), acting_as(user):
        chain.hold()
        _scope(user, rows, Action.DELETE)
        _locks(rows, stored_only=True)
        keys = {figures.key_of(r) for r in rows}
        for row in rows:
            row.delete(audit_reason=reason)
        figures.refresh(model, keys)
        listcache.changed(model)


def attach(user: Any, row: LedgerRecord, upload: File, *, kind: str,
           title: str = "", permission: Action | None = None) -> Attachment:
    """Attach a file (evidence, a photo) to a row: a change of the row, so a locked row
    takes no new file."""
    with transaction.atomic(), acting_as(user):
        _scope(user, [row], permission or Action.CHANGE)
        _locks([row], stored_only=True)
        attachment = Attachment.objects.create(
            content_type=ContentType.objects.get_for_model(type(row)), object_id=str(row.pk),
            file=upload, original_name=(upload.name or "")[:200], size=upload.size or 0,
            kind=kind, title=title[:200])
        record_audit(row, "attach", {"file": [None, upload.name]})
    return attachment


def detach(user: Any, row: LedgerRecord, attachment: Attachment) -> None:
    """Take a file off a row (the file itself is removed once the transaction commits); a
    locked row keeps its evidence."""
    with transaction.atomic(), acting_as(user):
        _scope(user, [row], Action.CHANGE)
        _locks([row], stored_only=True)
        name = attachment.original_name
        attachment.delete()
        record_audit(row, "detach", {"file": [name, None]})
    transaction.on_commit(lambda: attachment.file.delete(save=False))
