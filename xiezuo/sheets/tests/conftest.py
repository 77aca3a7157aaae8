"""The two shared county tables (real published data) ship in ``data/``; when the
project's shared folder sits beside the checkout its copies are read too."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

DATA = Path(__file__).resolve().parent / "data"
SHARED = Path(__file__).resolve().parents[3].parent / "shared" / "tables"


def table_dirs() -> list[Path]:
    return [DATA] + ([SHARED] if SHARED.is_dir() else [])


def expected(number: str) -> dict[str, Any]:
    return json.loads((DATA / f"{number}.json").read_text(encoding="utf-8"))


@pytest.fixture
def grid_of() -> Any:
    """grid_of(rows, merges) → a Grid made on the spot."""
    from xiezuo.sheets.grid import Grid

    def make(rows: list[list[Any]], merges: list[tuple[int, int, int, int]] | None = None) -> Any:
        return Grid.of(rows, merges)

    return make


@pytest.fixture
def hunan(demo: dict[str, Any]) -> dict[str, Any]:
    return hunan_offices(demo)


def hunan_offices(demo: dict[str, Any]) -> dict[str, Any]:
    """The two counties of the shared tables with a pairing each (长沙市 → 北塔区, 长沙市 →
    醴陵市, 省内对口帮扶 from 2016) and an office with a data-entry user for each:
    beita_entry (北塔区), liling_entry (醴陵市)."""
    import datetime as dt

    from xiezuo.accounts.demo import DEMO_PASSWORD
    from xiezuo.accounts.models import Office, Side, User
    from xiezuo.core.scoping import Role
    from xiezuo.pairings.models import Kind, Pairing
    from xiezuo.regions.models import Region

    out: dict[str, Any] = {"users": demo["users"]}
    changsha = Region.objects.get(code="430100", valid_to__isnull=True)
    for key, code, office_name in (("beita", "430511", "北塔区财政局"),
                                   ("liling", "430281", "醴陵市乡村振兴局")):
        region = Region.objects.get(code=code, valid_to__isnull=True)
        pairing, _ = Pairing.objects.get_or_create(
            donor=changsha, recipient=region, kind=Kind.PROVINCIAL,
            start_date=dt.date(2016, 1, 1), defaults={"level": region.level})
        office, _ = Office.objects.get_or_create(
            name=office_name, defaults={"region": region, "side": Side.RECIPIENT})
        user = User.objects.filter(username=f"{key}_entry").first()
        if user is None:
            user = User(username=f"{key}_entry", full_name=f"{office_name}录入员", office=office,
                        role=Role.DATA_ENTRY)
            user.set_password(DEMO_PASSWORD)
            user.save()
        out[key] = {"region": region, "pairing": pairing, "office": office, "user": user}
    return out
