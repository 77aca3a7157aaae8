"""Per-ledger row schemas, generated from the ``Ledger`` declarations.

A ledger row in the API is ``{"id": ..., <column path>: <value>, ...}`` (see ``ledger_row``);
the schema of each column follows from how ``Column.value`` reads it and ``jsonable`` writes
it:

- money (``Money`` columns) and other decimals: a decimal string in yuan, e.g. ``"500000.50"``;
- a field with choices, a foreign key, a column with its own ``render``: its text;
- booleans, integers, floats, dates and date-times as such; many-to-many: a list of texts;
- personal columns: the text, masked (``5101**********1234``) for users without the right
  to see personal data;
- nullable when the field (or a foreign key on its path) may be empty.

The schemas forbid extra keys, so a row that drifts from its declaration fails loudly.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.db import models
from ninja import Schema
from pydantic import ConfigDict, Field, create_model

from xiezuo.ledgers.declare import Column, Ledger

MONEY = "金额，单位元，十进制字符串（精确到分）。"
PERSONAL = "个人信息：无查看个人信息权限的用户看到的是掩码（如 5101**********1234）。"


def _resolve(model: type[models.Model], path: str) -> tuple[Any, bool]:
    """The model field at the end of ``path`` (None for a property) and whether a value
    may be missing along the way."""
    current: Any = model
    nullable = False
    found: Any = None
    for part in path.split("__"):
        try:
            found = current._meta.get_field(part)
        except Exception:
            return None, nullable
        nullable = nullable or bool(getattr(found, "null", False))
        if found.is_relation and found.related_model is not None and not found.many_to_many:
            current = found.related_model
    return found, nullable


def _python_type(column: Column, model: type[models.Model]) -> tuple[Any, str, str]:
    """(type, OpenAPI format, description) of the column's value."""
    if column.is_money:
        return str, "decimal", MONEY
    if column.render is not None:
        return str, "", ""
    field, _nullable = _resolve(model, column.path)
    if field is None:
        return Any, "", ""
    if field.many_to_many:
        return list[str], "", ""
    if field.is_relation or getattr(field, "choices", None):
        return str, "", ""
    if isinstance(field, models.BooleanField):
        return bool, "", ""
    if isinstance(field, models.IntegerField | models.AutoField):
        return int, "", ""
    if isinstance(field, models.FloatField):
        return float, "", ""
    if isinstance(field, models.DecimalField):
        return str, "decimal", "十进制字符串。"
    if isinstance(field, models.DateTimeField):
        return dt.datetime, "", ""
    if isinstance(field, models.DateField):
        return dt.date, "", ""
    if isinstance(field, models.TimeField):
        return dt.time, "", ""
    if isinstance(field, models.JSONField):
        return Any, "", ""
    return str, "", ""


def _camel(slug: str) -> str:
    return "".join(part.capitalize() for part in slug.replace("_", "-").split("-"))


class RowBase(Schema):
    model_config = ConfigDict(extra="forbid")


def row_schema(ledger: type[Ledger], name: str) -> type[Schema]:
    """The pydantic model of one row of ``ledger``, named ``<Name>Row`` in the document."""
    fields: dict[str, Any] = {"id": (int, Field(..., title="ID")),
                              "version": (int, Field(..., title="版本", description=(
                                  "记录的版本；修改时以 If-Match 或 version 带回，"
                                  "他人已改过则拒绝。")))}
    for column in ledger.columns:
        kind, fmt, description = _python_type(column, ledger.model)
        field, nullable = _resolve(ledger.model, column.path)
        # a property or a rendered value may be empty; a field only if it is nullable
        nullable = nullable or field is None or column.render is not None
        if column.personal:
            kind, fmt, description = str, "", PERSONAL
        if nullable and kind is not Any:
            kind = kind | None
        extra: dict[str, Any] = {"x-personal": True} if column.personal else {}
        if fmt:
            extra["format"] = fmt
        fields[column.path] = (Annotated[kind, Field(
            title=str(column.header(ledger.model)), description=description or None,
            json_schema_extra=extra or None)], ...)
    model: type[Schema] = create_model(
        f"{_camel(name)}Row", __base__=RowBase, **fields)
    return model


#: what the OpenAPI document says of a page's ``next_cursor`` and ``previous_cursor``
NEXT_CURSOR = ("下一页的游标：作为 cursor 参数传回即得下一页（无论多深，都与第一页一样快）；"
               "没有下一页时为 null。")
PREVIOUS_CURSOR = ("上一页的游标：作为 cursor 参数传回即得上一页（同样按索引读取）；"
                   "没有上一页时为 null。")


#: what it says of a ledger page's ``page``
PAGE_NUMBER = "页码；按游标（cursor）读取的页没有页码，为 null。"


def page_schema(row: type[Schema], name: str) -> type[Schema]:
    model: type[Schema] = create_model(
        f"{_camel(name)}Page", __base__=Schema, count=(int, ...),
        page=(Annotated[int | None, Field(description=PAGE_NUMBER)], ...),
        page_size=(int, ...), next_cursor=(Annotated[str | None, Field(
            description=NEXT_CURSOR)], None),
        previous_cursor=(Annotated[str | None, Field(description=PREVIOUS_CURSOR)], None),
        results=(list[row], ...))  # type: ignore[valid-type]
    return model
