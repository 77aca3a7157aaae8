"""Pre-aggregated figures (预汇总数): ledger rows summed or counted per pairing, place, year and
month, kept current by the write action.

A :class:`~xiezuo.ledgers.models.LedgerMeasure` says how a ledger is added up (sum of a field,
a count, a distinct count; which rows). Its figures are :class:`~xiezuo.ledgers.models.
LedgerFigure` rows, one per pairing, place, year and month. Because every ledger row has one
pairing and one place, those groups partition the rows: any subject's figure is the sum of the
groups it covers, the same rows the ledger query would aggregate, each counted once.

What can be stored (:func:`storable`):

- sums and counts, with the measure's filters applied when the groups are built;
- distinct counts only where the counted field is unique within a year (labour records: one
  record per ID number and year), so that within one year a distinct count *is* a row count;
- never "latest value" measures (read from the ledger rows).

How they stay current: the write action (``ledgers.actions``) calls :func:`refresh` with the
pairing, place and year of every row it writes or deletes (the old ones too when a row moved),
in the same transaction. Nothing else writes ledger rows in the application; data changed
outside it (raw SQL, a bulk update in a shell) needs ``xiezuo indicators rebuild``. Who reads
figures (the indicators) asks for measures with :func:`measure` and builds them with
:func:`build`; a measure not built yet is read from the ledger.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection, models, transaction
from django.db.models import Count, DecimalField, F, Q, Sum, Value
from django.db.models.functions import Cast, Coalesce, ExtractYear, TruncMonth
from django.utils import timezone

from xiezuo.ledgers.declare import declared_ledgers, model_of
from xiezuo.ledgers.models import LedgerFigure, LedgerMeasure

SUM, COUNT, DISTINCT = "sum", "count", "distinct"

#: (pairing id, region id, year) — the unit a ledger row's figures are refreshed in
Key = tuple[int, int, int | None]


def period_fields(model: type[models.Model]) -> tuple[str | None, str | None]:
    """(year field, cut-off date field) of a ledger model: its ``figure_period``, else a
    ``year`` field if it has one and its ``period_field`` if that is a date."""
    declared = getattr(model, "figure_period", None)
    if declared is not None:
        return declared
    names = {f.name: f for f in model._meta.concrete_fields}
    year = "year" if "year" in names else None
    period_field = getattr(model, "period_field", "")
    date = period_field if isinstance(names.get(period_field), models.DateField) else None
    return year, date


def signature(source: str, aggregation: str, value_field: str,
              filters: dict[str, Any]) -> str:
    text = json.dumps([source.lower(), aggregation, value_field, filters], sort_keys=True,
                      default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def unique_per_year(model: type[models.Model], field: str, year_field: str | None) -> bool:
    """True when ``field`` holds each value at most once a year across the whole table."""
    if "__" in field:
        return False
    try:
        if getattr(model._meta.get_field(field), "unique", False):
            return True
    except Exception:
        return False
    if year_field is None:
        return False
    for constraint in model._meta.constraints:
        if (isinstance(constraint, models.UniqueConstraint) and constraint.condition is None
                and not constraint.expressions
                and set(constraint.fields) == {field, year_field}):
            return True
    return False


def storable(source: str, aggregation: str, value_field: str) -> bool:
    """Whether figures of this measure can be kept at all: a declared ledger scoped by its
    pairing and place, summed or counted (distinct only where that is a row count)."""
    model = model_of(source)
    if model is None or model._meta.label_lower not in declared_ledgers():
        return False
    if (tuple(getattr(model, "scope_regions", ())) != ("region",)
            or tuple(getattr(model, "scope_pairings", ())) != ("pairing",)):
        return False
    if aggregation in (SUM, COUNT):
        return True
    if aggregation == DISTINCT:
        return unique_per_year(model, value_field, period_fields(model)[0])
    return False


def measure(source: str, aggregation: str, value_field: str,
            filters: dict[str, Any]) -> LedgerMeasure:
    """The stored measure (created, not built, when new)."""
    model = model_of(source)
    label = model._meta.label if model is not None else source
    found, _created = LedgerMeasure.objects.get_or_create(
        signature=signature(label, aggregation, value_field, filters),
        defaults={"source": label, "aggregation": aggregation, "value_field": value_field,
                  "filters": filters})
    return found


def _grouped(m: LedgerMeasure, rows: Any) -> Any:
    """The measure over ``rows`` grouped by pairing, place, year and month."""
    model = model_of(m.source)
    assert model is not None
    year_f, date_f = period_fields(model)
    year: Any = (F(year_f) if year_f else ExtractYear(date_f) if date_f
                 else Cast(Value(None), output_field=models.IntegerField()))
    month: Any = (TruncMonth(date_f, output_field=models.DateField()) if date_f
                  else Cast(Value(None), output_field=models.DateField()))
    qs = rows.filter(Q(**m.filters) if m.filters else Q())
    agg: Any
    if m.aggregation == SUM:
        agg = Coalesce(Sum(m.value_field), Value(0),
                       output_field=DecimalField(max_digits=20, decimal_places=2))
    elif m.aggregation == DISTINCT:  # unique within a year: a row count
        qs = qs.filter(**{f"{m.value_field}__isnull": False})
        agg = Count("pk")
    else:
        agg = Count("pk")
    return (qs.order_by().annotate(agg_year=year, agg_month=month)
            .values("pairing_id", "region_id", "agg_year", "agg_month")
            .annotate(agg_value=agg)
            .values_list("pairing_id", "region_id", "agg_year", "agg_month", "agg_value"))


def _insert_all(parts: Sequence[tuple[LedgerMeasure, Any]]) -> None:
    """INSERT … SELECT of several grouped measures at once (no rows travel through Python),
    in the order of place and year, so a place's figures lie together in the table."""
    if not parts:
        return
    q = connection.ops.quote_name
    columns = ("pairing_id", "region_id", "year", "month", "value", "measure_id")
    picked = ", ".join(f"sub.{q(c)} AS {q(out)}" for c, out in (
        ("pairing_id", "pairing_id"), ("region_id", "region_id"), ("agg_year", "year"),
        ("agg_month", "month"), ("agg_value", "value")))
    selects: list[str] = []
    params: list[Any] = []
    for m, rows in parts:
        sql, sub_params = _grouped(m, rows).query.sql_with_params()
        selects.append(f"SELECT {picked}, %s AS {q('measure_id')} FROM ({sql}) sub")
        params += [m.pk, *sub_params]
    names = ", ".join(q(c) for c in columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {q(LedgerFigure._meta.db_table)} ({names}) SELECT {names} FROM ("
            + " UNION ALL ".join(selects)
            + f") u ORDER BY {q('region_id')}, {q('year')}, {q('pairing_id')}", params)


def _lock(sources: Iterable[str]) -> list[LedgerMeasure]:
    """The measures of ``sources``, locked: refreshes of the same ledger take turns
    (PostgreSQL row locks; SQLite serialises writes anyway)."""
    return list(LedgerMeasure.objects.select_for_update()
                .filter(source__in=sorted(set(sources))).order_by("pk"))


def build(measures: Iterable[LedgerMeasure]) -> dict[int, int]:
    """Build the figures of ``measures`` from the ledgers, from scratch. Returns the number
    of figures stored per measure id; measures that cannot be stored stay unbuilt."""
    chosen = [m for m in measures if storable(m.source, m.aggregation, m.value_field)]
    done: dict[int, int] = {}
    with transaction.atomic():
        _lock({m.source for m in chosen})
        LedgerFigure.objects.filter(measure__in=chosen).delete()
        parts = []
        for m in chosen:
            model = model_of(m.source)
            assert model is not None
            parts.append((m, model._default_manager.all()))
        _insert_all(parts)
        now = timezone.now()
        for m in chosen:
            LedgerMeasure.objects.filter(pk=m.pk).update(built_at=now)
            m.built_at = now
            done[m.pk] = LedgerFigure.objects.filter(measure=m).count()
    return done


def forget(keep: Iterable[int]) -> int:
    """Drop the measures (and their figures) that nobody reads any more."""
    deleted, _ = LedgerMeasure.objects.exclude(pk__in=list(keep)).delete()
    return deleted


def _year_q(model: type[models.Model], year: int | None) -> Q:
    year_f, date_f = period_fields(model)
    if year_f:
        return Q(**{f"{year_f}__isnull": True}) if year is None else Q(**{year_f: year})
    if date_f:
        if year is None:
            return Q(**{f"{date_f}__isnull": True})
        return Q(**{f"{date_f}__gte": dt.date(year, 1, 1),
                    f"{date_f}__lte": dt.date(year, 12, 31)})
    return Q()


def _year_of(value: Any) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, dt.date):
        return value.year
    try:
        return int(str(value)[:4])
    except ValueError:
        return None


def key_of(obj: Any) -> Key:
    """The figures a row counts in, as it is now."""
    year_f, date_f = period_fields(type(obj))
    return (obj.pairing_id, obj.region_id,
            _year_of(getattr(obj, year_f or date_f or "", None)) if (year_f or date_f) else None)


def stored_key(obj: Any) -> Key | None:
    """The figures a stored row counted in before this change (from its audit snapshot)."""
    snapshot = getattr(obj, "_snapshot", None)
    if obj._state.adding or not snapshot:
        return None
    year_f, date_f = period_fields(type(obj))
    field = year_f or date_f
    return (snapshot.get("pairing"), snapshot.get("region"),
            _year_of(snapshot.get(field)) if field else None)


def refresh(model: type[models.Model], keys: Iterable[Key | None]) -> None:
    """Recompute the stored figures of ``model``'s rows under ``keys`` (pairing, place,
    year), for every built measure of that ledger."""
    by_year: dict[int | None, tuple[set[int], set[int]]] = defaultdict(lambda: (set(), set()))
    for key in keys:
        if key is None or key[0] is None or key[1] is None:
            continue
        by_year[key[2]][0].add(key[0])
        by_year[key[2]][1].add(key[1])
    if not by_year:
        return
    with transaction.atomic():
        measures = [m for m in _lock([model._meta.label]) if m.built_at is not None]
        if not measures:
            return
        for year, (pairings, regions) in by_year.items():
            stale = LedgerFigure.objects.filter(measure__in=measures,
                                                pairing_id__in=sorted(pairings),
                                                region_id__in=sorted(regions))
            stale = stale.filter(year__isnull=True) if year is None else stale.filter(year=year)
            stale.delete()
            rows = model._default_manager.filter(
                _year_q(model, year), pairing_id__in=sorted(pairings),
                region_id__in=sorted(regions))
            _insert_all([(m, rows) for m in measures])
