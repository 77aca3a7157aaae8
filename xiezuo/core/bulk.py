"""Write many rows of a model at once, around the ORM: PostgreSQL's COPY, SQLite's executemany.

For generated data only (``national.py``): the rows are written as given, with no ``save()``,
no per-row audit entry and no pre-aggregated figures; the caller records one audit entry for
the load and rebuilds the figures (``xiezuo indicators rebuild``).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.db import connection, models
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
