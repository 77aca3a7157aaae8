"""The audit log read by a person: field labels instead of field names, the names of the
records a reference points at instead of their numbers, choices by their labels, times in
local (Beijing) time, amounts with separators and their unit.

The log itself keeps what was stored (``AuditEntry.changes``); this is only its reading, one
query per kind of record referred to on a page of entries."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Hashable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from xiezuo.core.models import AuditEntry

#: a change as shown: (field label, before, after)
Row = tuple[str, str | None, str | None]


def _model(entry: AuditEntry) -> type[models.Model] | None:
    return ContentType.objects.get_for_id(entry.content_type_id).model_class()


def _field(model: type[models.Model] | None, name: str) -> Any:
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def readable(entries: Any, unit: str = "yuan") -> list[tuple[AuditEntry, list[Row]]]:
    """Each entry with its changes as a person reads them (amounts in ``unit``)."""
    entries = list(entries)
    wanted: dict[type[models.Model], set[Any]] = defaultdict(set)
    for entry in entries:
        model = _model(entry)
        for name, pair in entry.changes.items():
            field = _field(model, name)
            if field is not None and field.many_to_one and field.related_model is not None:
                wanted[field.related_model].update(v for v in pair if v not in (None, ""))
    names: dict[type[models.Model], dict[str, str]] = {}
    for related, ids in wanted.items():
        clean = {str(i) for i in ids if str(i).isascii() and str(i).isdigit()}
        found = related._default_manager.in_bulk([int(i) for i in clean]) if clean else {}
        names[related] = {str(pk): str(obj) for pk, obj in found.items()}
    return [(e, _rows(e, names, unit)) for e in entries]


def _rows(entry: AuditEntry, names: dict[type[models.Model], dict[str, str]],
          unit: str) -> list[Row]:
    model = _model(entry)
    rows: list[Row] = []
    for name, pair in entry.changes.items():
        if name == "version" or not isinstance(pair, list | tuple) or len(pair) != 2:
            continue
        field = _field(model, name)
        if field is not None and getattr(field, "primary_key", False):
            continue  # the record's own number: its page already says which record it is
        label = str(field.verbose_name) if field is not None and hasattr(
            field, "verbose_name") else name
        rows.append((label, shown(field, pair[0], names, unit),
                     shown(field, pair[1], names, unit)))
    return rows


def shown(field: Any, value: Any, names: dict[type[models.Model], dict[str, str]],
          unit: str = "yuan") -> str | None:
    """One logged value as text (None when there was none)."""
    if value in (None, ""):
        return None
    if field is None:
        return _text(value)
    if field.many_to_one and field.related_model is not None:
        known = names.get(field.related_model, {})
        return known.get(str(value)) or _("（已删除，编号 %(id)s）") % {"id": value}
    choices = dict(field.flatchoices) if getattr(field, "choices", None) else {}
    if isinstance(value, Hashable) and value in choices:
        return str(choices[value])
    if isinstance(value, list) and choices:  # several choices (a multiple-choice field)
        return "、".join(str(choices.get(v, v)) if isinstance(v, Hashable) else _text(v)
                        for v in value)
    if isinstance(field, models.BooleanField):
        return _("是") if value else _("否")
    if isinstance(field, models.DateTimeField):
        return _datetime(value)
    if isinstance(field, models.DecimalField) and _is_money(field):
        return _money(value, unit)
    return _text(value)


def _is_money(field: Any) -> bool:
    from xiezuo.core.money import MoneyField

    return isinstance(field, MoneyField)


def _money(value: Any, unit: str) -> str:
    from xiezuo.core.money import format_amount

    try:
        return format_amount(Decimal(str(value)), unit)
    except InvalidOperation:
        return str(value)


def _datetime(value: Any) -> str:
    try:
        moment = dt.datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return date_format(moment, "Y-m-d H:i:s")


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, list | tuple):
        return "、".join(_text(v) for v in value)
    if isinstance(value, dict):
        return "；".join(f"{k}：{_text(v)}" for k, v in value.items())
    return str(value)
