"""Pre-aggregated figures (预汇总数): how they are built and kept in step with the ledgers.

Each measure of an indicator (its main ledger, then each ``also`` ledger) is summed — or
counted — over the ledger rows of one pairing, place, year and month into
:class:`~xiezuo.indicators.models.Aggregate`. Because every ledger row has exactly one
pairing and one place, those groups partition the rows: a subject's figure is the sum of the
groups it covers, the same rows the ledger query would aggregate, each counted once.

What can be stored:

- sums and counts, with the indicator's filters applied when the groups are built;
- distinct counts only where the counted field is unique within a year (labour records: one
  record per ID number and year), so that within one year a distinct count *is* a row count.
  Over several years (cumulative indicators) such a count is not additive, and neither is any
  other distinct count: those figures are computed from the ledger rows;
- never "latest value" indicators (computed from the ledger rows).

How they stay current:

- saving or deleting a ledger row through the ORM (forms, the admin, ``save()`` in the import
  engine) refreshes its pairing, place and year in the same transaction (the old ones too
  when it moved);
- rows inserted in bulk (``bulk_create``) are noticed on the next read: the highest row id
  already folded in is kept per ledger (:class:`AggregateSource`), and the keys of the rows
  above it are refreshed first. Bulk *updates* and raw SQL are not noticed: whoever writes
  that way calls :func:`refresh` with the keys touched, or ``xiezuo indicators rebuild``;
- an indicator whose definition changed since its figures were built (its signature differs)
  is computed from the ledgers until :func:`rebuild` runs for it (the catalogue editor does).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection, models, transaction
from django.db.models import Count, DecimalField, F, Max, Q, Sum, Value
from django.db.models.functions import Cast, Coalesce, ExtractYear, TruncMonth
from django.db.models.signals import post_delete, post_save, pre_save

from xiezuo.indicators.catalogue import LEDGERS
from xiezuo.indicators.models import (
    Aggregate,
    AggregateSource,
    AggregateState,
    Aggregation,
    Indicator,
    Measure,
)
from xiezuo.ledgers.declare import model_of

#: (pairing id, region id, year) — the unit a ledger row's figures are refreshed in
Key = tuple[int, int, int | None]


def watched() -> set[str]:
    """The ledgers kept in the pre-aggregates (their saves and deletions are followed)."""
    return set(LEDGERS.values())


def period_fields(model: type[models.Model]) -> tuple[str | None, str | None]:
    from xiezuo.indicators.compute import period_fields as fields

    return fields(model)


def signature(indicator: Indicator) -> str:
    """What the stored figures depend on: each measure's ledger, aggregation, field and
    filters."""
    text = json.dumps([[m.source, m.aggregation, m.value_field, m.filters]
                       for m in indicator.measures()], sort_keys=True, default=str)
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


def storable(measure: Measure) -> bool:
    """Whether this measure can be kept pre-aggregated at all."""
    model = measure.model()
    if model is None or measure.unavailable_reason() or measure.source not in watched():
        return False
    if (tuple(getattr(model, "scope_regions", ())) != ("region",)
            or tuple(getattr(model, "scope_pairings", ())) != ("pairing",)):
        return False
    if measure.aggregation in (Aggregation.SUM, Aggregation.COUNT):
        return True
    if measure.aggregation == Aggregation.DISTINCT:
        return unique_per_year(model, measure.value_field, period_fields(model)[0])
    return False


def _grouped(measure: Measure, rows: Any) -> Any:
    """The measure over ``rows`` grouped by pairing, place, year and month."""
    model = measure.model()
    assert model is not None
    year_f, date_f = period_fields(model)
    year: Any = (F(year_f) if year_f else ExtractYear(date_f) if date_f
                 else Cast(Value(None), output_field=models.IntegerField()))
    month: Any = (TruncMonth(date_f, output_field=models.DateField()) if date_f
                  else Cast(Value(None), output_field=models.DateField()))
    qs = rows.filter(measure.q())
    agg: Any
    if measure.aggregation == Aggregation.SUM:
        agg = Coalesce(Sum(measure.value_field), Value(0),
                       output_field=DecimalField(max_digits=20, decimal_places=2))
    elif measure.aggregation == Aggregation.DISTINCT:  # unique within a year: a row count
        qs = qs.filter(**{f"{measure.value_field}__isnull": False})
        agg = Count("pk")
    else:
        agg = Count("pk")
    return (qs.order_by().annotate(agg_year=year, agg_month=month)
            .values("pairing_id", "region_id", "agg_year", "agg_month")
            .annotate(agg_value=agg)
            .values_list("pairing_id", "region_id", "agg_year", "agg_month", "agg_value"))


def _insert(measure: Measure, rows: Any) -> None:
    """INSERT … SELECT of the grouped measure (no rows travel through Python)."""
    _insert_all([(measure, rows)])


def _insert_all(parts: Sequence[tuple[Measure, Any]]) -> None:
    """INSERT … SELECT of several grouped measures at once, in the order of place and year
    (so a place's figures lie together in the table and its index scans read few pages)."""
    if not parts:
        return
    q = connection.ops.quote_name
    columns = ("pairing_id", "region_id", "year", "month", "value", "indicator_id", "part")
    picked = ", ".join(f"sub.{q(c)} AS {q(out)}" for c, out in (
        ("pairing_id", "pairing_id"), ("region_id", "region_id"), ("agg_year", "year"),
        ("agg_month", "month"), ("agg_value", "value")))
    selects: list[str] = []
    params: list[Any] = []
    for measure, rows in parts:
        sql, sub_params = _grouped(measure, rows).query.sql_with_params()
        selects.append(f"SELECT {picked}, %s AS {q('indicator_id')}, %s AS {q('part')} "
                       f"FROM ({sql}) sub")
        params += [measure.indicator.pk, measure.part, *sub_params]
    names = ", ".join(q(c) for c in columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {q(Aggregate._meta.db_table)} ({names}) SELECT {names} FROM ("
            + " UNION ALL ".join(selects)
            + f") u ORDER BY {q('region_id')}, {q('year')}, {q('pairing_id')}", params)


def _lock(sources: Iterable[str]) -> None:
    """Serialise refreshes of the same ledgers (PostgreSQL row locks; SQLite writes are
    serialised anyway)."""
    for source in sorted(set(sources)):
        AggregateSource.objects.get_or_create(source=source)
    list(AggregateSource.objects.select_for_update().filter(source__in=sorted(set(sources)))
         .order_by("source").values_list("pk", flat=True))


def _max_pks(models_: Sequence[type[models.Model]]) -> dict[str, int]:
    """The highest row id of each ledger, in one query."""
    if not models_:
        return {}
    q = connection.ops.quote_name
    parts = [f"(SELECT MAX({q(m._meta.pk.column)}) FROM {q(m._meta.db_table)})"
             for m in models_]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        row = cursor.fetchone()
    return {m._meta.label: int(v or 0) for m, v in zip(models_, row, strict=True)}


def rebuild(indicators: Iterable[Indicator] | None = None) -> dict[str, int]:
    """Build the pre-aggregated figures of ``indicators`` (default: all) from scratch.
    Returns the number of figures stored per indicator code."""
    chosen = list(Indicator.objects.all() if indicators is None else indicators)
    sources = {m.source for ind in chosen for m in ind.measures()
               if m.source in watched() and m.model() is not None}
    done: dict[str, int] = {}
    with transaction.atomic():
        _lock(sources)
        models_ = [m for m in (model_of(s) for s in sorted(sources)) if m is not None]
        tops = _max_pks(models_)
        Aggregate.objects.filter(indicator__in=chosen).delete()
        kept: list[Indicator] = []
        parts: list[tuple[Measure, Any]] = []
        for ind in chosen:
            measures = ind.measures()
            if ind.source and all(storable(m) for m in measures):
                kept.append(ind)
                for m in measures:
                    model = m.model()
                    assert model is not None
                    parts.append((m, model._default_manager.all()))
            else:
                AggregateState.objects.filter(indicator=ind).delete()
        _insert_all(parts)
        for ind in kept:
            AggregateState.objects.update_or_create(
                indicator=ind, defaults={"signature": signature(ind)})
            done[ind.code] = Aggregate.objects.filter(indicator=ind).count()
        for label, top in tops.items():
            AggregateSource.objects.filter(source=label).update(last_pk=top)
    return done




def _year_q(model: type[models.Model], year: int | None) -> Q:
    year_f, date_f = period_fields(model)
    if year_f:
        return Q(**{f"{year_f}__isnull": True}) if year is None else Q(**{year_f: year})
    if date_f:
        if year is None:
            return Q(**{f"{date_f}__isnull": True})
        return Q(**{f"{date_f}__gte": dt.date(year, 1, 1), f"{date_f}__lte": dt.date(year, 12, 31)})
    return Q()


def key_of(obj: Any) -> Key:
    year_f, date_f = period_fields(type(obj))
    year = getattr(obj, year_f) if year_f else None
    if year_f is None and date_f is not None:
        day = getattr(obj, date_f)
        year = day.year if day else None
    return (obj.pairing_id, obj.region_id, year)


def _kept_measures(model: type[models.Model]) -> list[Measure]:
    """The stored measures read from ``model`` (of indicators whose figures are current)."""
    label = model._meta.label
    states = dict(AggregateState.objects.values_list("indicator_id", "signature"))
    if not states:
        return []
    out: list[Measure] = []
    for ind in Indicator.objects.filter(pk__in=list(states)):
        if states[ind.pk] != signature(ind):
            continue
        out += [m for m in ind.measures() if m.source == label]
    return out


def refresh(model: type[models.Model], keys: Iterable[Key]) -> None:
    """Recompute the stored figures of ``model``'s rows under ``keys`` (pairing, place,
    year): importers that bulk-insert or bulk-update call it with the keys they touched."""
    by_year: dict[int | None, tuple[set[int], set[int]]] = defaultdict(lambda: (set(), set()))
    for pairing_id, region_id, year in keys:
        if pairing_id is None or region_id is None:
            continue
        by_year[year][0].add(pairing_id)
        by_year[year][1].add(region_id)
    if not by_year:
        return
    label = model._meta.label
    with transaction.atomic():
        if not AggregateSource.objects.filter(source=label).exists():
            return  # never built: every figure comes from the ledgers
        _lock([label])
        measures = _kept_measures(model)
        if not measures:
            return
        which = Q()
        for m in measures:
            which |= Q(indicator_id=m.indicator.pk, part=m.part)
        for year, (pairings, regions) in by_year.items():
            stale = Aggregate.objects.filter(which, pairing_id__in=sorted(pairings),
                                             region_id__in=sorted(regions))
            stale = stale.filter(year__isnull=True) if year is None else stale.filter(year=year)
            stale.delete()
            rows = model._default_manager.filter(
                _year_q(model, year), pairing_id__in=sorted(pairings),
                region_id__in=sorted(regions))
            _insert_all([(m, rows) for m in measures])


def catch_up(labels: Iterable[str]) -> set[str]:
    """Fold rows inserted in bulk since the last read into the figures; returns the ledgers
    whose pre-aggregates exist and are current."""
    wanted = sorted(set(labels) & watched())
    if not wanted:
        return set()
    known = dict(AggregateSource.objects.filter(source__in=wanted)
                 .values_list("source", "last_pk"))
    models_ = [m for m in (model_of(s) for s in known) if m is not None]
    tops = _max_pks(models_)
    for model in models_:
        label = model._meta.label
        if tops[label] <= known[label]:
            continue
        with transaction.atomic():
            _lock([label])
            last = AggregateSource.objects.get(source=label).last_pk
            top = model._default_manager.aggregate(top=Max("pk"))["top"] or 0
            if top > last:
                year_f, date_f = period_fields(model)
                year: Any = (F(year_f) if year_f else ExtractYear(date_f) if date_f
                             else Cast(Value(None), output_field=models.IntegerField()))
                keys = set(model._default_manager.filter(pk__gt=last, pk__lte=top)
                           .order_by().annotate(agg_year=year)
                           .values_list("pairing_id", "region_id", "agg_year").distinct())
                refresh(model, keys)
                AggregateSource.objects.filter(source=label).update(last_pk=top)
    return {m._meta.label for m in models_}


# --- following saves and deletions ---------------------------------------------------------

def _before_save(sender: type[models.Model], instance: Any, **kwargs: Any) -> None:
    if instance.pk is None or kwargs.get("raw"):
        return
    year_f, date_f = period_fields(sender)
    fields = ["pairing_id", "region_id", *(f for f in (year_f, date_f) if f)]
    old = sender._default_manager.filter(pk=instance.pk).values(*fields).first()
    if old is None:
        return
    year = old[year_f] if year_f else (old[date_f].year if date_f and old[date_f] else None)
    instance._aggregate_before = (old["pairing_id"], old["region_id"], year)


def _after_save(sender: type[models.Model], instance: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    keys = {key_of(instance)}
    before = getattr(instance, "_aggregate_before", None)
    if before is not None:
        keys.add(before)
        instance._aggregate_before = None
    refresh(sender, keys)


def _after_delete(sender: type[models.Model], instance: Any, **kwargs: Any) -> None:
    refresh(sender, {key_of(instance)})


def connect() -> None:
    """Follow the saves and deletions of every ledger an indicator can read."""
    for label in sorted(watched()):
        model = model_of(label)
        if model is None:
            continue
        uid = f"indicators-aggregates-{label}"
        pre_save.connect(_before_save, sender=model, dispatch_uid=uid)
        post_save.connect(_after_save, sender=model, dispatch_uid=uid)
        post_delete.connect(_after_delete, sender=model, dispatch_uid=uid)
