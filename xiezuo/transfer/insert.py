"""Inserting an import's new records: many rows a statement, their audit rows likewise.

Django's ``bulk_create`` compiles every value of every row through its SQL compiler (a good
third of a large import's time). The import's rows are all new records of one model with
no parent table, so the statement is the same for every batch: the columns are worked out
once, each value is turned into its database form by the field's own
``get_db_prep_save`` (skipped only where the value already is what the database takes: a
string for a text column, an integer for a number or a foreign key), and the rows go in as
one multi-row ``INSERT … RETURNING`` (PostgreSQL, SQLite ≥ 3.35) that gives back their
ids. The audit rows are written the same way, with what ``AuditedModel.save()`` would log.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from types import SimpleNamespace
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connections, models, router, transaction
from django.utils import timezone

from xiezuo.core.audit import current_actor
from xiezuo.core.chain import seal
from xiezuo.core.models import AuditAction, AuditedModel, AuditEntry

#: values a column of these field classes takes as they are (no conversion to do)
_AS_IS: dict[type[models.Field[Any, Any]], type] = {
    models.CharField: str, models.TextField: str,
    models.IntegerField: int, models.SmallIntegerField: int, models.BigIntegerField: int,
    models.PositiveIntegerField: int, models.PositiveSmallIntegerField: int,
    models.PositiveBigIntegerField: int,
}


def can_insert(model: type[models.Model], objs: Sequence[models.Model]) -> bool:
    """Whether :func:`insert` applies: new records of a model without a parent table."""
    return not model._meta.parents and all(obj.pk is None for obj in objs)


def insert(model: type[models.Model], objs: Sequence[models.Model]) -> None:
    """Insert new records (as ``bulk_create`` would) and give each its id."""
    if not objs:
        return
    if not can_insert(model, objs) or not connections[
            router.db_for_write(model)].features.can_return_rows_from_bulk_insert:
        model._default_manager.bulk_create(list(objs))
        return
    alias = router.db_for_write(model)
    connection = connections[alias]
    opts = model._meta
    fields = [f for f in opts.concrete_fields if not f.generated and f is not opts.pk]
    for obj in objs:
        obj._prepare_related_fields_for_save(  # type: ignore[attr-defined]
            operation_name="bulk_create")
    rows = _values(fields, objs, connection)
    ids = _insert(connection, model, fields, rows, returning=opts.pk)
    pk = opts.pk.attname
    for obj, new_id in zip(objs, ids, strict=True):
        setattr(obj, pk, new_id)
        obj._state.adding = False
        obj._state.db = alias


def insert_audited(model: type[models.Model], objs: Sequence[Any], reason: str = "") -> None:
    """Insert new audited records with the audit row each would get from ``save()``; the
    same rows as ``AuditedModel.bulk_create_audited``, one statement per batch."""
    if not objs:
        return
    actor = current_actor()
    for obj in objs:
        if actor.user_id:
            obj.created_by_id = obj.created_by_id or actor.user_id
            obj.updated_by_id = actor.user_id
    plain_changes = type(objs[0]).creation_changes is AuditedModel.creation_changes
    with transaction.atomic(using=router.db_for_write(model)):
        insert(model, objs)
        ct_id = ContentType.objects.get_for_model(model).pk
        entries = []
        for obj in objs:
            # What creation_changes() lists, read from the one snapshot the record keeps
            # afterwards.
            snapshot = obj._snapshot = obj.audit_snapshot()
            if plain_changes:
                changes = {k: [None, v] for k, v in snapshot.items()
                           if v is not None and v != ""}
            else:
                changes = obj.creation_changes()
            changes["id"] = [None, obj.pk]
            entries.append(SimpleNamespace(
                at=None, actor_id=actor.user_id, actor_label=actor.label,
                action=AuditAction.CREATE, content_type_id=ct_id, object_id=str(obj.pk),
                object_repr=str(obj)[:200], changes=changes, reason=reason))
        seal(entries, using=router.db_for_write(AuditEntry))  # the chain (core/chain.py)
        connection = connections[router.db_for_write(AuditEntry)]
        fields = [f for f in AuditEntry._meta.concrete_fields if f is not AuditEntry._meta.pk]
        _insert(connection, AuditEntry, fields, _values(fields, entries, connection), None)


def _values(fields: list[models.Field[Any, Any]], objs: Sequence[Any],
            connection: Any) -> list[list[Any]]:
    """Each record's column values in their database form, as the compiler would give. The
    fields set on insert (created at, updated at) take the batch's one moment."""
    now = timezone.now()
    steps: list[Callable[[Any], Any]] = [_step(f, connection, now) for f in fields]
    return [[step(obj) for step in steps] for obj in objs]


def _step(f: models.Field[Any, Any], connection: Any, now: Any) -> Callable[[Any], Any]:
    attname = f.attname
    prep = f.get_db_prep_save
    if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
        if isinstance(f, models.DateTimeField):
            stamp = now
        else:
            stamp = timezone.localdate(now) if settings.USE_TZ else now.date()
        db_stamp = prep(stamp, connection)

        def stamped(obj: Any) -> Any:
            setattr(obj, attname, stamp)  # as pre_save() on insert
            return db_stamp
        return stamped
    if type(f).pre_save is not models.Field.pre_save:
        def own(obj: Any) -> Any:
            return prep(f.pre_save(obj, True), connection)
        return own
    kind = _AS_IS.get(type(f))
    if kind is None and isinstance(f, models.ForeignKey):
        target = f.target_field
        kind = int if isinstance(target, models.AutoField | models.IntegerField) else None
    if kind is None:
        def prepared(obj: Any) -> Any:
            return prep(getattr(obj, attname), connection)
        return prepared

    def plain(obj: Any) -> Any:
        value = getattr(obj, attname)
        return value if value is None or type(value) is kind else prep(value, connection)
    return plain


def _insert(connection: Any, model: type[models.Model], fields: list[models.Field[Any, Any]],
            rows: list[list[Any]], returning: models.Field[Any, Any] | None) -> list[Any]:
    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    columns = ", ".join(qn(f.column) for f in fields)
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    tail = f" RETURNING {table}.{qn(returning.column)}" if returning is not None else ""
    per_statement = max(1, min(500, _max_params(connection) // max(1, len(fields))))
    ids: list[Any] = []
    with connection.cursor() as cursor:
        for at in range(0, len(rows), per_statement):
            chunk = rows[at:at + per_statement]
            sql = f"INSERT INTO {table} ({columns}) VALUES {', '.join([one] * len(chunk))}{tail}"
            cursor.execute(sql, [v for row in chunk for v in row])
            if returning is not None:
                ids += [r[0] for r in cursor.fetchall()]
    return ids


def _max_params(connection: Any) -> int:
    if connection.vendor == "sqlite":
        import sqlite3

        connection.ensure_connection()
        try:
            return int(connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER))
        except AttributeError:  # Python before 3.11
            return 999
    return int(connection.features.max_query_params or 65535)
