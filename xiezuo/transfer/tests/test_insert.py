"""The import's own INSERT writes what ``bulk_create`` and ``bulk_create_audited`` write.

Two copies of the same new movements, one through Django's bulk insert, one through
:mod:`xiezuo.transfer.insert`: every column equal (but the id and the moment of insertion),
every audit row equal (but its id, time and the record's number).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction

from xiezuo.core.audit import acting_as
from xiezuo.core.models import AuditEntry
from xiezuo.funds.models import FundMovement
from xiezuo.pairings.models import Pairing
from xiezuo.projects.models import Project, Sector
from xiezuo.regions.models import Region
from xiezuo.transfer import insert

pytestmark = pytest.mark.django_db(transaction=False)
STAMPS = {"id", "created_at", "updated_at"}


def _movements(demo: dict[str, Any], marker: str) -> list[FundMovement]:
    linxia = Region.objects.get(code="622901")
    pairing = Pairing.objects.get(recipient=linxia)
    project = Project.objects.create(
        pairing=pairing, region=linxia, year=2024, name=f"冷库{marker}",
        sector=Sector.objects.get(code="industry"), budget_fiscal=Decimal("1000000"))
    made = []
    for i, (kind, amount) in enumerate([("allocation", "500000.00"), ("spending", "1234.56"),
                                        ("transfer", "80000"), ("return", "0.01")]):
        made.append(FundMovement(
            pairing=pairing, region=linxia, year=2024, date=dt.date(2024, 3, 1 + i),
            type=kind, amount=Decimal(amount), reported_by="recipient",
            project=project if kind != "transfer" else None,
            document_no=f"凭证{i}" if i % 2 else "", notes="备注　说明" if i == 3 else ""))
    return made


def _columns(obj: FundMovement) -> dict[str, Any]:
    row = FundMovement.objects.filter(pk=obj.pk).values().get()
    return {k: v for k, v in row.items() if k not in STAMPS and k != "project_id"}


def _entry(obj: FundMovement) -> dict[str, Any]:
    ct = ContentType.objects.get_for_model(FundMovement)
    entry = AuditEntry.objects.filter(content_type=ct, object_id=str(obj.pk)).values().get()
    changes = dict(entry["changes"])
    assert changes.pop("id") == [None, obj.pk]
    changes.pop("project", None)
    skip = {"id", "at", "object_id", "seq", "digest"}  # the chain's own per-row values
    return {**{k: v for k, v in entry.items() if k not in skip},
            "changes": changes, "keys": list(entry["changes"])}


def test_audited_insert_writes_what_bulk_create_audited_writes(demo: dict[str, Any]) -> None:
    user = demo["users"]["linxiashi_entry"]
    django_made, ours = _movements(demo, "甲"), _movements(demo, "乙")
    with acting_as(user):
        FundMovement.bulk_create_audited(django_made, "导入")
        insert.insert_audited(FundMovement, ours, "导入")
    for theirs, mine in zip(django_made, ours, strict=True):
        assert mine.pk is not None and mine.pk != theirs.pk
        assert not mine._state.adding
        assert mine.created_by_id == user.pk == mine.updated_by_id
        assert _columns(mine) == _columns(theirs)
        assert mine.created_at is not None and mine.updated_at is not None
        assert _entry(mine) == _entry(theirs)
        assert mine._snapshot == mine.audit_snapshot()


def test_plain_insert_writes_what_bulk_create_writes(demo: dict[str, Any]) -> None:
    django_made, ours = _movements(demo, "甲"), _movements(demo, "乙")
    FundMovement.objects.bulk_create(django_made)
    before = AuditEntry.objects.count()
    insert.insert(FundMovement, ours)
    assert AuditEntry.objects.count() == before  # a preview writes no audit rows
    for theirs, mine in zip(django_made, ours, strict=True):
        assert _columns(mine) == _columns(theirs)


def test_many_rows_get_their_own_ids_in_order(demo: dict[str, Any]) -> None:
    """More rows than one statement carries: each record gets the id of its own row."""
    base = _movements(demo, "丙")[2]  # a transfer (no project)
    objs = []
    for i in range(1203):
        obj = FundMovement(pairing=base.pairing, region=base.region, year=2024,
                           date=base.date, type="transfer", amount=Decimal(i + 1),
                           reported_by="recipient", document_no=f"N{i}")
        objs.append(obj)
    insert.insert(FundMovement, objs)
    stored = dict(FundMovement.objects.filter(pk__in=[o.pk for o in objs])
                  .values_list("pk", "document_no"))
    assert len(stored) == 1203
    assert all(stored[o.pk] == o.document_no for o in objs)


def test_a_refused_row_leaves_the_records_new(demo: dict[str, Any]) -> None:
    """The database refuses a batch (here: an amount its check constraint refuses): nothing
    is written and the records stay new, to be saved one by one."""
    objs = _movements(demo, "丁")
    objs[1].amount = Decimal("-1")
    with pytest.raises(IntegrityError), transaction.atomic():
        insert.insert(FundMovement, objs)
    assert all(o._state.adding for o in objs)
    assert not FundMovement.objects.filter(document_no="凭证1", amount=Decimal("-1")).exists()
