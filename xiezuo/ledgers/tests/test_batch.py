"""Ticked rows of a ledger's list: deleted together or given one value of a column, with the
rules of one row (scope, period lock, the ledger's form), all or nothing, and audited."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db
URL = "funds:batch"


def _rows(demo: dict[str, Any], n: int, key: str = "szq-lxs") -> list[Any]:
    from xiezuo.funds.models import FundMovement

    pairing = demo["pairings"][key]
    return [FundMovement.objects.create(
        pairing=pairing, region=pairing.recipient, year=2026, date=dt.date(2026, 3, 2 + i),
        type="transfer", source="fiscal", amount=Decimal(1000 + i), reported_by="recipient")
        for i in range(n)]


def _live(rows: list[Any]) -> int:
    from xiezuo.funds.models import FundMovement

    return FundMovement.objects.filter(pk__in=[r.pk for r in rows]).count()


def test_it_asks_then_deletes_the_ticked_rows_each_audited(demo: dict[str, Any],
                                                           login: Any) -> None:
    from xiezuo.core.models import AuditEntry

    rows = _rows(demo, 3)
    client = login("linxiashi_entry")
    ids = [r.pk for r in rows[:2]]
    page = client.post(reverse(URL), {"op": "delete", "ids": ids}).content.decode()
    assert "确定删除下列 2 条" in page and f"/funds/{rows[0].pk}/" in page
    assert _live(rows) == 3  # asking deletes nothing
    response = client.post(reverse(URL), {"op": "delete", "ids": ids, "confirm": "1",
                                          "back": "/funds/?size=20"})
    assert response.status_code == 302 and response["Location"] == "/funds/?size=20"
    assert _live(rows) == 1
    assert AuditEntry.objects.filter(action="delete", object_id__in=[str(i) for i in ids]
                                     ).count() == 2


def test_a_row_out_of_scope_deletes_nothing(demo: dict[str, Any], login: Any) -> None:
    mine, foreign = _rows(demo, 2), _rows(demo, 1, "jn-lx")
    from xiezuo.funds.models import FundMovement

    foreign_row = FundMovement.objects.exclude(pk__in=[r.pk for r in mine]).filter(
        pk__in=[r.pk for r in foreign]).first()
    client = login("puge_entry")  # another county
    response = client.post(reverse(URL), {"op": "delete", "confirm": "1",
                                          "ids": [r.pk for r in mine]}, follow=True)
    assert "没有处理任何记录" in response.content.decode()
    assert _live(mine) == 2 and foreign_row is not None
    viewer = login("gansu_viewer")
    assert viewer.post(reverse(URL), {"op": "delete", "confirm": "1",
                                      "ids": [mine[0].pk]}).status_code == 403
    assert _live(mine) == 2


def test_a_locked_row_deletes_nothing_and_is_named(demo: dict[str, Any], login: Any) -> None:
    from xiezuo.ledgers import locks

    rows = _rows(demo, 2)
    locks.lock("test:march", rows[1].region, dt.date(2026, 3, 3), dt.date(2026, 3, 3),
               ["funds.fundmovement"])
    client = login("linxiashi_entry")
    page = client.post(reverse(URL), {"op": "delete", "confirm": "1",
                                      "ids": [r.pk for r in rows]}).content.decode()
    assert f"（编号 {rows[1].pk}）" in page and "没有删除任何记录" in page
    assert _live(rows) == 2


def test_it_sets_one_column_on_the_ticked_rows(demo: dict[str, Any], login: Any) -> None:
    from xiezuo.core.models import AuditEntry
    from xiezuo.funds.models import FundMovement

    rows = _rows(demo, 3)
    client = login("linxiashi_entry")
    ids = [r.pk for r in rows[:2]]
    page = client.post(reverse(URL), {"op": "edit", "ids": ids}).content.decode()
    assert 'name="field"' in page and "document_no" in page
    page = client.post(reverse(URL), {"op": "edit", "ids": ids, "field": "document_no"}
                       ).content.decode()
    assert 'name="v-document_no"' in page and "将把下列 2 条记录" in page
    response = client.post(reverse(URL), {"op": "edit", "ids": ids, "field": "document_no",
                                          "v-document_no": "甘财〔2026〕7号", "confirm": "1"})
    assert response.status_code == 302
    stored = dict(FundMovement.objects.values_list("pk", "document_no"))
    assert [stored[r.pk] for r in rows] == ["甘财〔2026〕7号", "甘财〔2026〕7号", ""]
    assert FundMovement.objects.get(pk=rows[0].pk).amount == Decimal(1000)  # the rest kept
    assert AuditEntry.objects.filter(action="update", object_id=str(rows[0].pk)).exists()


def test_an_invalid_row_changes_nothing_and_is_named(demo: dict[str, Any], login: Any) -> None:
    from xiezuo.funds.models import FundMovement

    rows = _rows(demo, 2)
    client = login("linxiashi_entry")
    # a date outside the rows' year: the form refuses it for every row
    page = client.post(reverse(URL), {"op": "edit", "ids": [r.pk for r in rows],
                                      "field": "date", "v-date": "not a day", "confirm": "1"}
                       ).content.decode()
    assert f"（编号 {rows[0].pk}）的「" in page and "没有修改任何记录" in page
    assert set(FundMovement.objects.filter(pk__in=[r.pk for r in rows]).values_list(
        "date", flat=True)) == {dt.date(2026, 3, 2), dt.date(2026, 3, 3)}


def test_an_amount_is_edited_in_the_users_unit(demo: dict[str, Any], login: Any) -> None:
    from xiezuo.funds.models import FundMovement

    rows = _rows(demo, 2)
    client = login("linxiashi_entry")
    client.post(reverse(URL), {"op": "edit", "ids": [r.pk for r in rows], "field": "amount",
                               "v-amount_0": "2500", "v-amount_1": "yuan", "confirm": "1"})
    assert set(FundMovement.objects.filter(pk__in=[r.pk for r in rows]).values_list(
        "amount", flat=True)) == {Decimal(2500)}
