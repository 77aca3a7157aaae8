"""The national demo dataset at a tiny scale: counts, valid rows, the same rows from the same
seed (on SQLite and PostgreSQL alike), and the command that builds it."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from xiezuo.consumption.models import Consumption
from xiezuo.core import national
from xiezuo.core.models import AuditEntry
from xiezuo.funds.models import FundMovement
from xiezuo.labour.models import LabourRecord
from xiezuo.ledgers.models import LedgerFigure
from xiezuo.pairings.models import Pairing
from xiezuo.projects.models import Project

SCALE = 0.001


def _generated(model: Any) -> Any:
    return model.objects.filter(notes=national.MARK)


@pytest.mark.django_db
def test_it_builds_the_rows_the_scale_asks_for(demo: dict[str, Any]) -> None:
    written = national.build(SCALE)
    assert written["projects"] == _generated(Project).count() == 100
    assert written["funds"] == _generated(FundMovement).count() == 1000
    assert written["labour"] == _generated(LabourRecord).count() == 1000
    assert written["consumption"] == _generated(Consumption).count() == 1000
    county = Pairing.objects.filter(level="county").count()  # the demo's and generated
    assert 1000 <= county <= 1200
    # the normal demo's county pairings carry rows too, before the generated ones
    assert FundMovement.objects.filter(notes=national.MARK,
                                       pairing=demo["pairings"]["jy-yy"]).exists()
    # one audit entry per table for the load, and the figures built from the rows
    assert AuditEntry.objects.filter(object_repr=national.MARK).count() == 5
    assert LedgerFigure.objects.exists()
    with pytest.raises(RuntimeError):
        national.build(SCALE)


@pytest.mark.django_db
def test_it_keeps_every_row_valid_by_the_models_rules(demo: dict[str, Any]) -> None:
    national.build(SCALE)
    for model in (Project, FundMovement, LabourRecord, Consumption):
        for row in _generated(model).order_by("id")[::37]:
            try:
                row.full_clean()
            except ValidationError as exc:  # pragma: no cover - the message names the rule
                raise AssertionError(f"{model.__name__} {row.pk}: {exc}") from None
    for project in _generated(Project)[:50]:
        moves = FundMovement.objects.filter(project=project)
        allocated = sum((m.amount for m in moves if m.type == "allocation"), Decimal(0))
        spent = sum((m.amount for m in moves if m.type == "spending"), Decimal(0))
        assert spent <= allocated


@pytest.mark.django_db
def test_it_gives_the_same_rows_from_the_same_seed(demo: dict[str, Any]) -> None:
    national.build(SCALE)
    first = national.fingerprint()
    national.clear()
    assert not _generated(Pairing).exists() and not _generated(FundMovement).exists()
    national.build(SCALE)
    assert national.fingerprint() == first
    national.clear()
    national.build(SCALE, seed=national.SEED + 1)
    assert national.fingerprint() != first


@pytest.mark.django_db
def test_it_takes_its_years_as_parameters(demo: dict[str, Any]) -> None:
    national.build(SCALE, first_year=2030, years=3)
    years = set(_generated(FundMovement).values_list("year", flat=True))
    assert years == {2030, 2031, 2032}


@pytest.mark.django_db
def test_it_refuses_a_scale_it_cannot_build(regions: None) -> None:
    from django.core.management.base import CommandError

    for bad in ("nationwide", "0", "2"):
        with pytest.raises(CommandError):
            call_command("demo", "--scale", bad, stdout=io.StringIO())


def _schema(tables: list[str]) -> tuple[set[tuple[Any, ...]], set[tuple[Any, ...]]]:
    """The indexes and constraints of the tables, by name and definition (PostgreSQL)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename, indexname, indexdef FROM pg_indexes"
                       " WHERE tablename = ANY(%s)", [tables])
        indexes = set(cursor.fetchall())
        cursor.execute("SELECT conrelid::regclass::text, conname, contype,"
                       " pg_get_constraintdef(oid), condeferrable, condeferred, convalidated"
                       " FROM pg_constraint WHERE conrelid = ANY(%s::regclass[])", [tables])
        constraints = set(cursor.fetchall())
    return indexes, constraints


LEDGERS = [Project, FundMovement, LabourRecord, Consumption]


@pytest.mark.django_db
def test_it_leaves_the_migrated_indexes_and_keys(demo: dict[str, Any]) -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the indexes and keys are dropped for the load on PostgreSQL only")
    tables = [m._meta.db_table for m in [*LEDGERS, LedgerFigure]]
    before = _schema(tables)
    assert len(before[0]) >= 4 * 2 and any(c[2] == "f" for c in before[1])
    national.build(SCALE)
    assert _schema(tables) == before


@pytest.mark.django_db
def test_it_restores_the_indexes_and_keys_when_the_load_fails(demo: dict[str, Any]) -> None:
    from django.db import IntegrityError, connection, transaction

    from xiezuo.core import bulk

    tables = [m._meta.db_table for m in LEDGERS]
    before = _schema(tables) if connection.vendor == "postgresql" else None
    # a row whose pairing does not exist: refused when the keys are built again
    with pytest.raises(IntegrityError), transaction.atomic(), bulk.loading(*LEDGERS):
        bulk.write(Consumption, [
            "pairing_id", "region_id", "date", "kind", "buyer_type", "buyer", "channel",
            "category", "product", "amount", "notes"],
            [(10**9, demo["pairings"]["jy-yy"].recipient_id, "2024-05-01", "purchase",
              "individual", "个人", "ecommerce", "tea", "绿茶", Decimal(100), national.MARK)],
            dt.datetime(2024, 12, 31, tzinfo=dt.UTC))
        if connection.vendor != "postgresql":  # SQLite checks its keys at the commit
            connection.check_constraints()
    assert not _generated(Consumption).exists()
    if before is not None:
        assert _schema(tables) == before
