"""The import path accepts and refuses exactly what the fund-movement web form does.

A corpus of good and bad rows (every rule of the form and the model: required fields, types,
choices, region and pairing resolution, the pairing covering the region on the date, scope,
project in the row's county and pairing, amount above zero, year near the date, spending
within what the project was given — earlier rows of the file included — and the
administrator's override) goes once through a fresh ``FundMovementForm`` per row, saved as
the page saves it, and once through the import engine (one reused form, the spending book,
bulk writes). Both must accept the same rows and give each refused row the same messages on
the same fields. Rows whose cells the importer reads more leniently or more strictly than a
browser sends them (dates in words, labels for choices, a project out of reach) are compared
by the fields refused: a cell the importer cannot read stops its row before the form, so the
import names no field the form does not, though the form may name more.

national:        may give an override reason and the reporting side
linxiashi_entry: 临夏市 data entry (reporting side fixed to recipient, no override)
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction

from xiezuo.funds.forms import FundMovementForm
from xiezuo.pairings.models import Pairing
from xiezuo.projects.models import Project, Sector
from xiezuo.regions.models import Region
from xiezuo.transfer.engine import run_import
from xiezuo.transfer.spec import get_importable
from xiezuo.transfer.tests.conftest import write_xlsx

pytestmark = pytest.mark.django_db

# field → header of the import file
HEADERS = {"date": "日期", "year": "资金年度", "type": "资金环节", "source": "资金来源",
           "amount": "金额（元）", "project": "项目", "region": "所在地区",
           "pairing": "结对关系", "reported_by": "填报方", "document_no": "文号/凭证号",
           "override_reason": "超支说明", "notes": "备注"}


def corpus(a: Project, c: Project, other: Project) -> list[tuple[dict[str, Any], bool]]:
    """(row as the form receives it, whether the importer reads its cells alike)."""
    def row(**values: Any) -> dict[str, Any]:
        base = {"date": "2024-03-01", "year": "2024", "type": "transfer", "source": "fiscal",
                "amount": "1000", "project": "", "region": "622901", "pairing": "",
                "reported_by": "recipient", "document_no": "", "override_reason": "",
                "notes": ""}
        return {**base, **values}

    return [
        (row(document_no="good transfer"), True),
        (row(type="allocation", amount="1000000", project=a.pk, document_no="alloc"), True),
        (row(type="spending", amount="600000", project=a.pk, document_no="spend 1"), True),
        # 60 + 50 > 100 (万元): refused, with what is left
        (row(type="spending", amount="500000", project=a.pk, document_no="spend 2"), True),
        (row(type="spending", amount="300000", project=a.pk, document_no="spend 3"), True),
        (row(type="spending", amount="1", project=c.pk, document_no="nothing allocated"), True),
        # over what is left, with an administrator's override reason
        (row(type="spending", amount="900000", project=a.pk, document_no="override",
             override_reason="追加支出已报批"), True),
        (row(type="return", amount="50000", project=a.pk, document_no="return"), True),
        (row(type="allocation", amount="1000", document_no="no project"), True),
        (row(type="spending", amount="1000", document_no="no project 2"), True),
        (row(year="2021", document_no="year far from date"), True),
        (row(date="2019-05-01", year="2019", document_no="before the pairing"), True),
        (row(region="513428", document_no="another county"), True),
        (row(region="622927", project=a.pk, type="allocation", document_no="project elsewhere"),
         True),
        (row(project=other.pk, region="", type="allocation", document_no="project out of scope"),
         False),
        (row(region="", document_no="no region"), True),
        (row(region="", project=a.pk, type="allocation", document_no="region from project"),
         True),
        (row(amount="0", document_no="zero"), True),
        (row(amount="", document_no="no amount"), True),
        (row(date="", document_no="no date"), True),
        (row(year="", document_no="no year"), True),
        (row(type="", document_no="no type"), True),
        (row(date="2024-02-30", document_no="bad date"), False),
        (row(type="donation", document_no="bad type"), False),
        (row(region="不存在县", document_no="bad region"), False),
        (row(pairing="pg", document_no="pairing not covering"), False),
        (row(source="", document_no="source left to default"), True),
        (row(document_no="x" * 101), True),
        (row(notes="备注", document_no="with notes"), True),
    ]


def _form_data(values: dict[str, Any], form_fields: set[str], pairings: dict[str, Pairing]
               ) -> dict[str, Any]:
    data = {k: v for k, v in values.items() if k in form_fields and k != "amount"}
    if values["pairing"]:
        data["pairing"] = pairings[values["pairing"]].pk
    data["amount_0"], data["amount_1"] = values["amount"], "yuan"
    return data


def _cells(values: dict[str, Any], fields: list[str], pairings: dict[str, Pairing]) -> list[Any]:
    cells = []
    for name in fields:
        value = values[name]
        if name == "pairing" and value:
            p = pairings[value]
            value = f"{p.donor.code}→{p.recipient.code}"
        cells.append(value)
    return cells


def _through_the_form(user: Any, rows: list[dict[str, Any]], fields: set[str],
                      pairings: dict[str, Pairing]) -> list[set[tuple[str, str]] | None]:
    """Each row as the page takes it: a new form, then save(); None when accepted."""
    outcome: list[set[tuple[str, str]] | None] = []
    with transaction.atomic():
        for values in rows:
            form = FundMovementForm(_form_data(values, fields, pairings), user=user)
            if not form.is_valid():
                outcome.append({(name or "", str(m)) for name, ms in form.errors.items()
                                for m in ms})
                continue
            try:
                with transaction.atomic():
                    form.save()
            except Exception as exc:  # the save's own guard
                outcome.append({("amount", str(m)) for m in getattr(exc, "messages", [exc])})
                continue
            outcome.append(None)
        transaction.set_rollback(True)
    return outcome


def _through_the_import(user: Any, rows: list[dict[str, Any]], fields: list[str],
                        pairings: dict[str, Pairing], path: Path
                        ) -> list[set[tuple[str, str]] | None]:
    header = [HEADERS[f] for f in fields]
    write_xlsx(path, [header, *[_cells(r, fields, pairings) for r in rows]])
    result = run_import(get_importable("funds.fundmovement"), user, path, path.name,
                        commit=False)
    assert not result.refused, result.refused
    assert result.counts["total"] == len(rows)
    by_row: dict[int, set[tuple[str, str]]] = {}
    for e in result.errors:
        field = fields[e.col] if e.col is not None else ""
        by_row.setdefault(e.row - 2, set()).add((field, e.message))
    return [by_row.get(i) for i in range(len(rows))]


@pytest.mark.parametrize("username", ["national", "linxiashi_entry"])
def test_the_import_accepts_and_refuses_what_the_form_does(demo, tmp_path, username) -> None:
    user = demo["users"][username]
    linxia = Region.objects.get(code="622901")
    pairing = Pairing.objects.get(recipient=linxia)
    industry = Sector.objects.get(code="industry")
    a = Project.objects.create(pairing=pairing, region=linxia, year=2024, name="折桥镇帮扶车间",
                               sector=industry, budget_fiscal=Decimal("1000000"))
    c = Project.objects.create(pairing=pairing, region=linxia, year=2024, name="枹罕镇冷库",
                               sector=industry, budget_fiscal=Decimal("1000000"))
    puge = Region.objects.get(code="513428")
    pg = Pairing.objects.get(recipient=puge)
    other = Project.objects.create(pairing=pg, region=puge, year=2024, name="普格县茶园",
                                   sector=industry, budget_fiscal=Decimal("1000000"))
    cases = corpus(a, c, other)
    rows = [values for values, _alike in cases]
    form_fields = set(FundMovementForm(user=user).fields)
    fields = [f for f in HEADERS if f in form_fields]

    by_form = _through_the_form(user, rows, form_fields, {"pg": pg})
    by_import = _through_the_import(user, rows, fields, {"pg": pg}, tmp_path / "corpus.xlsx")

    assert sum(o is None for o in by_form) >= 6, by_form  # the corpus has good rows
    assert sum(o is not None for o in by_form) >= 15, by_form  # and bad ones
    for (values, alike), form_says, import_says in zip(cases, by_form, by_import, strict=True):
        where = values["document_no"]
        assert (form_says is None) == (import_says is None), (where, form_says, import_says)
        if form_says is None or import_says is None:
            continue
        if alike:
            assert import_says == form_says, where
        else:  # a cell refused as read stops the row there: the form may say more
            assert {f for f, _m in import_says} <= {f for f, _m in form_says}, (
                where, form_says, import_says)


def test_a_county_user_is_refused_the_override_the_form_does_not_offer(demo, tmp_path) -> None:
    """The override column is read past for a data-entry user: the overspending stays
    refused, as on the page (where the field is not shown)."""
    user = demo["users"]["linxiashi_entry"]
    assert "override_reason" not in FundMovementForm(user=user).fields
    linxia = Region.objects.get(code="622901")
    project = Project.objects.create(
        pairing=Pairing.objects.get(recipient=linxia), region=linxia, year=2024, name="车间",
        sector=Sector.objects.get(code="industry"), budget_fiscal=Decimal("100"))
    path = write_xlsx(tmp_path / "o.xlsx", [
        ["日期", "资金年度", "资金环节", "金额（元）", "项目", "超支说明"],
        [dt.date(2024, 3, 1), 2024, "支出", 10, project.pk, "报批"]])
    result = run_import(get_importable("funds.fundmovement"), user, path, "o.xlsx", commit=True)
    assert result.counts["invalid"] == 1
    assert "支出超过项目安排的资金" in result.errors[0].message
