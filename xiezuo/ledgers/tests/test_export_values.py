"""The export reads a ledger as values when its columns allow (no record, no audit snapshot, a
choice's labels looked up once) and writes exactly what reading the records writes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from xiezuo.funds.ledger import FundMovementLedger
from xiezuo.funds.models import FundMovement
from xiezuo.ledgers import export
from xiezuo.ledgers.declare import Column
from xiezuo.ledgers.views import filtered
from xiezuo.regions.models import Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def movements(demo: dict[str, Any]) -> None:
    p = demo["pairings"]
    rows = [(p["szq-lxs"], "622901"), (p["zq-jss"], "622927"), (p["lmt-pg"], "513428")]
    for i in range(30):
        pairing, code = rows[i % 3]
        FundMovement.objects.create(
            pairing=pairing, region=Region.objects.get(code=code, valid_to__isnull=True),
            year=2024, date=dt.date(2024, 1 + i % 12, 1 + i),
            type=("transfer", "commitment")[i % 2],
            source=("fiscal", "social")[i % 2], amount=Decimal("12345.67") * (i + 1),
            reported_by=("donor", "recipient")[i % 2], notes=f"=行{i}",
            document_no="" if i % 4 else f"文{i}")


def _csv(user: Any, monkeypatch: Any, by_records: bool) -> str:
    if by_records:
        monkeypatch.setattr(export, "_plan", lambda ledger: None)
    _fs, rows = filtered(FundMovementLedger, user, {})
    text = "".join(export.csv_rows(FundMovementLedger, rows, "wan"))
    monkeypatch.undo()
    return text


def test_it_writes_the_same_csv_from_values_as_from_records(
        demo: dict[str, Any], movements: None, monkeypatch: Any) -> None:
    assert export._plan(FundMovementLedger) is not None
    for name in ("national", "linxiashi_entry", "puge_entry"):
        user = demo["users"][name]
        by_values = _csv(user, monkeypatch, by_records=False)
        assert by_values == _csv(user, monkeypatch, by_records=True), name
        assert by_values.count("\n") > 2
    assert "拨付" in by_values or "承诺" in by_values or "计划" in by_values


def test_it_writes_the_same_xlsx_cells(demo: dict[str, Any], movements: None,
                                       monkeypatch: Any) -> None:
    import openpyxl

    def cells(by_records: bool) -> list[tuple[Any, ...]]:
        if by_records:
            monkeypatch.setattr(export, "_plan", lambda ledger: None)
        _fs, rows = filtered(FundMovementLedger, demo["users"]["national"], {})
        handle = export.xlsx_file(FundMovementLedger, rows, "yuan")
        monkeypatch.undo()
        book = openpyxl.load_workbook(handle, read_only=True)
        return list(book.active.iter_rows(values_only=True))

    assert cells(False) == cells(True)


def test_a_column_that_needs_a_record_is_read_from_records() -> None:
    class Rendered(FundMovementLedger):  # a ledger of this test module: never declared
        columns = [Column("date"), Column("region", render=lambda o: o.region.short_name)]

    assert export._plan(Rendered) is None  # a render without fetch needs the record
    assert export._plan(FundMovementLedger) is not None


def test_it_reads_values_in_a_fixed_number_of_queries(
        demo: dict[str, Any], movements: None, django_assert_max_num_queries: Any) -> None:
    _fs, rows = filtered(FundMovementLedger, demo["users"]["national"], {})
    with django_assert_max_num_queries(2):  # the rows, the totals
        text = "".join(export.csv_rows(FundMovementLedger, rows, "wan"))
    assert text.count("\n") == 32


def test_the_project_ledger_reads_values_too(demo: dict[str, Any], monkeypatch: Any) -> None:
    """Its rendered columns (place, sector, pairing) declare the fields they are made of: the
    export reads values and writes what the records write, CSV and xlsx alike."""
    import io

    import python_calamine

    from xiezuo.projects import demo as projects_demo
    from xiezuo.projects.ledger import ProjectLedger

    projects_demo.load()
    assert export._plan(ProjectLedger) is not None

    def both(user: Any, by_records: bool) -> tuple[str, list[Any]]:
        if by_records:
            monkeypatch.setattr(export, "_plan", lambda ledger: None)
        _fs, rows = filtered(ProjectLedger, user, {})
        text = "".join(export.csv_rows(ProjectLedger, rows, "wan"))
        handle = export.xlsx_file(ProjectLedger, rows, "wan")
        monkeypatch.undo()
        sheet = python_calamine.CalamineWorkbook.from_filelike(
            io.BytesIO(handle.read())).get_sheet_by_index(0).to_python()
        return text, sheet

    for name in ("national", "linxiashi_entry", "puge_entry"):
        user = demo["users"][name]
        assert both(user, False) == both(user, True), name
    text, _sheet = both(demo["users"]["national"], False)
    assert text.count("\n") > 3 and "→" in text


#: ledgers whose export is read from records, with the reason (a column computed by a model
#: method over relations)
RECORD_PATH: dict[str, str] = {}


def _both(ledger: Any, user: Any, unit: str, monkeypatch: Any,
          by_records: bool) -> tuple[str, list[Any]]:
    """The CSV text and the Excel sheet's cells of ``ledger`` as ``user`` exports it."""
    import io

    import python_calamine

    from xiezuo.core.personal import may_see_personal_data

    if by_records:
        monkeypatch.setattr(export, "_plan", lambda ledger: None)
    personal_ok = may_see_personal_data(user)
    _fs, rows = filtered(ledger, user, {})
    text = "".join(export.csv_rows(ledger, rows, unit, personal_ok))
    handle = export.xlsx_file(ledger, rows, unit, personal_ok)
    monkeypatch.undo()
    sheet = python_calamine.CalamineWorkbook.from_filelike(
        io.BytesIO(handle.read())).get_sheet_by_index(0).to_python()
    return text, sheet


def _manual_entries(demo: dict[str, Any]) -> None:
    """Hand-entered figures (the demo has none): one in 万元, one counted in persons."""
    from xiezuo.indicators.models import Indicator, ManualEntry
    from xiezuo.ledgers.testing import county

    pairing, region = county(demo, "linxia")
    for n, is_money in enumerate((True, False, False), 1):
        indicator = Indicator.objects.filter(is_money=is_money).order_by("pk")[n - 1]
        ManualEntry.objects.create(
            pairing=pairing, region=region, year=2024, indicator=indicator,
            as_of=dt.date(2024, 6, 30), value=Decimal("1250.50") * n, basis="=月报表")


def test_every_ledger_writes_the_same_export_from_values_as_from_records(
        demo: dict[str, Any], monkeypatch: Any) -> None:
    """Every declared ledger but those named in RECORD_PATH reads its export as values, and
    writes what reading the records writes — for a user who may see personal data and for one
    who may not, in 万元 and in 元, in Chinese and in English; texts that start like a formula
    included."""
    from django.core.management import call_command
    from django.utils import translation

    from xiezuo.ledgers.declare import declared_ledgers

    call_command("demo", verbosity=0)
    _manual_entries(demo)
    ledgers = declared_ledgers()
    for ledger in ledgers.values():
        if any(f.name == "notes" for f in ledger.model._meta.fields):
            ledger.model._default_manager.filter(pk__in=list(
                ledger.model._default_manager.order_by("pk").values_list("pk", flat=True)[:3])
            ).update(notes="=1+1 行")
    users = demo["users"]
    assert users["national"].may_see_personal_data
    assert not users["linxiashi_entry"].may_see_personal_data
    wrong = []
    for key, ledger in sorted(ledgers.items()):
        if key in RECORD_PATH:
            assert export._plan(ledger) is None, key
            continue
        if export._plan(ledger) is None:
            wrong.append((key, "read from records"))
            continue
        for name, unit, language in (("national", "wan", "zh-hans"),
                                     ("linxiashi_entry", "yuan", "en")):
            with translation.override(language):
                by_values = _both(ledger, users[name], unit, monkeypatch, by_records=False)
                by_records = _both(ledger, users[name], unit, monkeypatch, by_records=True)
            if by_values != by_records:
                wrong.append((key, name, unit, language))
            if name == "national" and by_values[0].count("\n") <= 2:  # header, totals
                wrong.append((key, "no row to compare"))
    assert not wrong, "; ".join(map(str, wrong))
