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
