"""Large imports: spendings checked together per project, rows written in bulk with their
audit rows, and a number of queries that does not grow with the rows.

linxiashi_entry: data entry in 临夏市
national:        the national administrator (may give an override reason)
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from xiezuo.core.models import AuditEntry
from xiezuo.funds.models import FundMovement
from xiezuo.pairings.models import Pairing
from xiezuo.projects.models import Project, Sector
from xiezuo.regions.models import Region
from xiezuo.transfer.engine import run_import
from xiezuo.transfer.spec import get_importable

pytestmark = pytest.mark.django_db
HEADER = ["日期", "资金年度", "资金环节", "金额（万元）", "项目", "文号/凭证号"]


@pytest.fixture
def projects(demo: dict[str, Any]) -> list[Project]:
    linxia = Region.objects.get(code="622901")
    pairing = Pairing.objects.get(recipient=linxia)
    industry = Sector.objects.get(code="industry")
    return [Project.objects.create(pairing=pairing, region=linxia, year=2024, name=name,
                                   sector=industry, budget_fiscal=Decimal("1000000"))
            for name in ("折桥镇帮扶车间", "枹罕镇冷库")]


def _import(demo: dict[str, Any], xlsx: Any, rows: list[list[Any]], *, commit: bool,
            user: str = "linxiashi_entry") -> Any:
    path = xlsx([HEADER, *rows], f"{len(rows)}.xlsx")
    return run_import(get_importable("funds.fundmovement"), demo["users"][user], path,
                      path.name, commit=commit)


def test_two_spendings_that_together_overspend_are_refused_by_row(demo, xlsx, projects) -> None:
    a, b = projects
    FundMovement.objects.create(
        pairing=a.pairing, region=a.region, year=2024, date=dt.date(2024, 1, 5),
        type="allocation", amount=Decimal("500000"), reported_by="recipient", project=a)
    rows = [
        ["2024-04-01", 2024, "安排", 50, a.pk, "a1"],   # a: 50 stored + 50 = 100 万元
        ["2024-05-01", 2024, "支出", 60, a.pk, "a2"],   # 40 left
        ["2024-05-02", 2024, "安排", 30, b.pk, "b1"],
        ["2024-05-03", 2024, "支出", 30, b.pk, "b2"],   # b spends all it has: fine
        ["2024-05-04", 2024, "支出", 30, a.pk, "a3"],   # 10 left
        ["2024-05-05", 2024, "支出", 20, a.pk, "a4"],   # 30 + 20 > 40: refused
        ["2024-05-06", 2024, "支出", 1, b.pk, "b3"],    # b has nothing left: refused
    ]
    result = _import(demo, xlsx, rows, commit=True)
    assert result.counts["invalid"] == 2 and not result.committed
    assert [(e.row, e.header) for e in result.errors] == [(7, "金额（万元）"), (8, "金额（万元）")]
    assert "最多还可支出 10.00 万元" in result.errors[0].message
    assert "最多还可支出 0.00 万元" in result.errors[1].message
    assert FundMovement.objects.count() == 1  # nothing written

    ok = _import(demo, xlsx, rows[:5], commit=True)
    assert ok.committed and ok.counts["new"] == 5, ok.errors
    assert a.fund_movements.filter(type="spending").count() == 2
    # the stored rows count next time: 10 left on a, 0 on b
    again = _import(demo, xlsx, [["2024-06-01", 2024, "支出", 11, a.pk, "a5"],
                                 ["2024-06-01", 2024, "支出", 10, a.pk, "a6"]], commit=False)
    assert [e.row for e in again.errors] == [2] and again.counts["new"] == 1


def test_bulk_written_rows_have_their_audit_rows(demo, xlsx, projects) -> None:
    a, _b = projects
    rows = [["2024-04-01", 2024, "安排", 100, a.pk, "a1"],
            ["2024-05-01", 2024, "支出", 60, a.pk, "a2"],
            ["2024-05-02", 2024, "拨付", 7, a.pk, "t1"]]
    result = _import(demo, xlsx, rows, commit=True)
    assert result.committed, result.errors
    made = {m.document_no: m for m in FundMovement.objects.all()}
    for doc, kind, amount in (("a1", "allocation", "1000000.00"),
                              ("a2", "spending", "600000.00"), ("t1", "transfer", "70000.00")):
        entry = AuditEntry.for_object(made[doc]).get()
        assert entry.action == "create" and entry.actor.username == "linxiashi_entry"
        assert entry.changes["type"] == [None, kind]
        assert entry.changes["amount"] == [None, amount]
        assert entry.changes["id"] == [None, made[doc].pk]
        assert entry.object_repr == str(made[doc])
    assert made["a2"].created_by.username == "linxiashi_entry"


def test_an_override_is_saved_alone_and_logged_as_one(demo, xlsx, projects) -> None:
    a, _b = projects
    path = xlsx([[*HEADER, "超支说明", "填报方"],
                 ["2024-04-01", 2024, "安排", 10, a.pk, "a1", "", "受援方填报"],
                 ["2024-05-01", 2024, "支出", 15, a.pk, "a2", "追加已报批", "受援方填报"]])
    result = run_import(get_importable("funds.fundmovement"), demo["users"]["national"], path,
                        "o.xlsx", commit=True)
    assert result.committed, result.errors
    spent = FundMovement.objects.get(document_no="a2")
    entry = AuditEntry.for_object(spent).get()
    assert entry.action == "override"
    assert entry.changes["override_reason"] == [None, "追加已报批"]


def _file(projects: list[Project], n: int) -> list[list[Any]]:
    rows = []
    for i in range(n):
        p = projects[i % 2]
        kind, amount = ("安排", 10) if i % 4 < 2 else ("支出", 5)
        rows.append([dt.date(2024, 1 + i % 12, 1 + i % 28), 2024, kind, amount, p.pk, f"n{i}"])
    return rows


@pytest.mark.parametrize("commit", [False, True])
def test_the_queries_of_an_import_do_not_grow_with_its_rows(demo, xlsx, projects, commit) -> None:
    counts = {}
    for n in (50, 500):
        FundMovement.objects.all().delete()
        with CaptureQueriesContext(connection) as queries:
            result = _import(demo, xlsx, _file(projects, n), commit=commit)
        assert result.counts["new"] == n and not result.errors, result.errors[:3]
        sql = [q["sql"].lstrip().upper() for q in queries.captured_queries]
        inserts = sum(s.startswith("INSERT") for s in sql)
        counts[n] = len(sql) - inserts
        # rows and their audit rows go in statements of many rows each
        assert inserts <= 2 * (n // 50 + 1) + 2, (n, inserts)
    assert counts[500] <= counts[50] + 2, (counts, sql[-40:])
