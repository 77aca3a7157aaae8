"""The suggested column → field mapping, for the projects and funds ledgers and any other
declared ledger; places resolved through the registry."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from xiezuo.sheets.grid import Grid
from xiezuo.sheets.reading import read

pytestmark = pytest.mark.django_db


def reading(rows, ledger, merges=None, user=None):
    return read(Path("t.csv"), "t.csv", ledger, user=user, grid=Grid.of(rows, merges))


def test_an_allocation_by_county_for_funds(regions) -> None:
    r = reading([
        ["临夏州2021年东西部协作资金分配表"],
        ["单位：万元"],
        ["序号", "县（市、区）", "分配资金", "备注"],
        [None, "合计", "3,000.00", None],
        [1, "臨夏市", "1,000.00", None],
        [2, "临夏州积石山县", "2,000.00", "含劳务协作补助100万元"],
    ], "funds")
    assert r.mapping == {1: "region", 2: "amount", 3: "notes"}
    assert [rec.values["region"] for rec in r.records] == ["622901 临夏市",
                                                           "622927 积石山保安族东乡族撒拉族自治县"]
    assert [rec.values["amount"] for rec in r.records] == [Decimal(10_000_000),
                                                           Decimal(20_000_000)]
    assert r.layout.checks[0].ok


def test_a_county_column_found_by_its_values(regions) -> None:
    r = reading([["单位", "资金（万元）"], ["临夏市", 10], ["普格县", 20]], "funds")
    assert r.mapping[0] == "region"


def test_an_unknown_place_is_an_error_on_its_cell(regions) -> None:
    r = reading([["县区", "金额（元）"], ["不存在县", 10]], "funds")
    assert "不存在县" in r.records[0].errors[0]


def test_project_budget_parts_fill_their_own_fields(regions) -> None:
    r = reading([
        ["序号", "项目名称", "资金规模（万元）", None, None, None],
        [None, None, "合计", "东西部协作资金", "社会帮扶资金", "地方配套"],
        [1, "产业园", 350, 200, 50, 100],
    ], "projects", [(0, 0, 1, 0), (0, 1, 1, 1), (0, 2, 0, 5)])
    assert r.mapping == {1: "name", 3: "budget_fiscal", 4: "budget_social", 5: "budget_local"}
    assert r.records[0].amount_yuan == Decimal(3_500_000)


def test_every_declared_ledger_is_a_target(regions) -> None:
    from xiezuo.transfer.spec import importables

    rows = [["序号", "名称", "日期", "金额（万元）", "人数"], [1, "甲", "2024年3月1日", 5, 10]]
    for key, importable in importables().items():
        if getattr(importable, "ledger", None) is None:
            continue
        r = reading(rows, key)
        assert len(r.records) == 1, key
        assert set(r.mapping.values()) <= {s.name for s in r.specs}, key


def test_other_ledgers_by_their_own_words(regions) -> None:
    r = reading([["姓名", "派出单位", "挂职岗位", "挂职开始"],
                 ["张三", "济南市", "副县长", "2024年3月1日"]], "people:cadres")
    assert "name" in r.mapping.values()
