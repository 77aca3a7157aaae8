"""The reading handed to the import machinery as its own import file: the same form per
row, all-or-nothing, the re-import that changes nothing; its errors back on the office's
cells."""

from __future__ import annotations

from decimal import Decimal

import pytest

from xiezuo.projects.models import Project, Sector
from xiezuo.sheets import handoff
from xiezuo.sheets.reading import read
from xiezuo.sheets.tests.conftest import DATA
from xiezuo.transfer.engine import run_import

pytestmark = pytest.mark.django_db


def _run(tmp_path, reading, constants, user, commit):
    built = handoff.build(reading, constants)
    path = tmp_path / "import.csv"
    path.write_bytes(handoff.to_csv(built.sheet))
    return built, run_import(reading.importable, user, path, path.name, commit=commit)


@pytest.mark.parametrize("name", ["02.csv", "02.xlsx", "02.xls", "02.ods"])
def test_table_02_goes_in_with_the_constants_only(hunan, tmp_path, name) -> None:
    user = hunan["beita"]["user"]
    reading = read(DATA / name, name, "projects", user=user)
    sector = Sector.objects.get(name="产业")
    constants = {"year": "2020", "region": "430511", "sector": f"#{sector.pk}"}
    _built, result = _run(tmp_path, reading, constants, user, commit=True)
    assert result.committed, (result.refused, [e.as_dict() for e in result.errors])
    assert result.counts["new"] == 16
    made = Project.objects.filter(region=hunan["beita"]["region"], year=2020)
    assert made.count() == 16
    assert sum(p.budget_total for p in made) == Decimal(4_080_000)
    grape = made.get(name="葡萄基地")
    assert (grape.village, grape.budget_fiscal) == ("兴旺村", Decimal(100_000))
    assert "灾情因素6.00万元" in grape.notes
    assert made.filter(name="水果基地").count() == 4  # four villages, four projects
    _built, again = _run(tmp_path, reading, constants, user, commit=True)
    assert (again.counts["new"], again.counts["changed"], again.counts["unchanged"]) == (0, 0, 16)


def test_errors_come_back_on_the_office_cells(hunan, tmp_path) -> None:
    user = hunan["beita"]["user"]
    reading = read(DATA / "02.xlsx", "02.xlsx", "projects", user=user)
    sector = Sector.objects.get(name="产业")
    reading.records[4].values["name"] = "长" * 300  # the office's row 9 (index 8)
    built, result = _run(tmp_path, reading, {"year": "2020", "region": "430511",
                                             "sector": f"#{sector.pk}"}, user, commit=True)
    assert not result.committed
    errors = handoff.office_errors([e.as_dict() for e in result.errors], built.row_map,
                                   built.fields, reading.mapping)
    assert list(errors.cells) == [(8, 2)] and "200" in errors.cells[(8, 2)][0]
    assert Project.objects.count() == 0  # all or nothing


def test_an_error_in_a_constant_is_said_once_per_field(hunan, tmp_path) -> None:
    user = hunan["liling"]["user"]
    reading = read(DATA / "04.csv", "04.csv", "projects", user=user)
    built, result = _run(tmp_path, reading, {"year": "2019", "region": "430281",
                                             "sector": "没有这个领域"}, user, commit=False)
    errors = handoff.office_errors([e.as_dict() for e in result.errors], built.row_map,
                                   built.fields, reading.mapping)
    assert list(errors.constants) == ["sector"] and not errors.cells
