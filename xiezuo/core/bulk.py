"""Write many rows of a model at once, around the ORM: PostgreSQL's COPY, SQLite's executemany.

For generated data only (``national.py``): the rows are written as given, with no ``save()``,
no per-row audit entry and no pre-aggregated figures; the caller records one audit entry for
the load and rebuilds the figures (``xiezuo indicators rebuild``).

``loading(models)`` wraps a load on PostgreSQL: the tables' secondary indexes, unique and
foreign-key constraints are dropped before it and built again after it, in the same
transaction, so the rows are checked once by a join per key and each index is sorted once,
instead of a lookup per row and key (deferred to the commit) and an index insertion per row
and index. The schema afterwards is the migrated one (the same names and definitions).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from django.db import connection, models, transaction
from django.db.models.fields import NOT_PROVIDED

#: rows per executemany on SQLite (and per COPY flush on PostgreSQL)
BATCH = 20_000


def columns(model: type[models.Model], given: Sequence[str],
            stamp: dt.datetime) -> tuple[list[str], list[Any]]:
    """The table's columns (``given`` first, by attname) and the values of the columns not
    given: their defaults; ``stamp`` for the creation and update times."""
    rest: list[str] = []
    values: list[Any] = []
    for field in model._meta.concrete_fields:
        if field.primary_key or field.attname in given:
            continue
        if isinstance(field, models.DateTimeField) and (field.auto_now or field.auto_now_add):
            value: Any = stamp
        elif field.default is not NOT_PROVIDED:
            value = field.get_default()
        elif field.null:
            value = None
        elif field.blank:
            value = ""
        else:
            raise ValueError(f"{model.__name__}.{field.name} has no default: give it")
        rest.append(field.column)
        values.append(value)
    by_attname = {f.attname: str(f.column) for f in model._meta.concrete_fields}
    return [by_attname[a] for a in given] + rest, values


def _sqlite_value(value: Any) -> Any:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).replace(tzinfo=None).isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (dict, list)):
        return json.dumps(value)
    return value


def _pg_value(value: Any) -> Any:
    if isinstance(value, (dict, list)):
        from psycopg.types.json import Jsonb

        return Jsonb(value)
    return value


@contextmanager
def loading(*tables: type[models.Model]) -> Iterator[None]:
    """Around a load into the models' tables, in the caller's transaction: on PostgreSQL their
    secondary indexes, unique and foreign-key constraints are dropped first and built again
    (then the tables analyzed) after it; on SQLite nothing changes. If the load fails, its
    savepoint's rollback restores them."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic():  # a savepoint: a failed load rolls the drops back with it
        names = [m._meta.db_table for m in tables]
        with connection.cursor() as cursor:
            # checks still pending from earlier in the transaction run now: a table with pending
            # trigger events cannot be altered
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # back as Django creates its keys
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
            cursor.execute("SET LOCAL synchronous_commit = off")
            cursor.execute(
                "SELECT conrelid::regclass::text, quote_ident(conname), pg_get_constraintdef(oid)"
                " FROM pg_constraint WHERE conrelid = ANY(%s::regclass[]) AND contype IN ('u', 'f')"
                " ORDER BY contype DESC, conrelid::regclass::text, conname", [names])
            constraints = cursor.fetchall()  # unique ones first: a key may rest on them
            cursor.execute(
                "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i"
                " WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisprimary AND NOT EXISTS"
                " (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid"
                "  AND c.conrelid = i.indrelid)"
                " ORDER BY 1", [names])
            indexes = cursor.fetchall()
            for table, name, _definition in constraints:
                cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {name}")
            for index, _definition in indexes:
                cursor.execute(f"DROP INDEX {index}")
        yield
        with connection.cursor() as cursor:
            for _index, definition in indexes:
                cursor.execute(definition)
            for table, name, definition in constraints:
                cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}")
            for table in names:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")


def write(model: type[models.Model], given: Sequence[str], rows: Iterable[Sequence[Any]],
          stamp: dt.datetime) -> int:
    """Insert ``rows`` (tuples of the ``given`` attnames' values, the other columns take their
    defaults) into the model's table in the current transaction; returns the count."""
    names, rest = columns(model, given, stamp)
    table = connection.ops.quote_name(model._meta.db_table)
    quoted = ", ".join(connection.ops.quote_name(n) for n in names)
    count = 0
    if connection.vendor == "postgresql":
        tail = tuple(_pg_value(v) for v in rest)
        with connection.cursor() as cursor:
            raw = cursor.cursor  # psycopg's own cursor, under Django's wrapper
            with raw.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row((*row, *tail))
                    count += 1
        return count
    tail = tuple(_sqlite_value(v) for v in rest)
    sql = f"INSERT INTO {table} ({quoted}) VALUES ({', '.join(['%s'] * len(names))})"
    batch: list[tuple[Any, ...]] = []
    with connection.cursor() as cursor:
        for row in rows:
            batch.append((*(_sqlite_value(v) for v in row), *tail))
            if len(batch) >= BATCH:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count
