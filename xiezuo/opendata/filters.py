from __future__ import annotations

from typing import Any

from xiezuo.ledgers.filters import LedgerFilter, year_filter
from xiezuo.projects.models import Project


class OpenDataFilter(LedgerFilter):
    """Which projects an open-data export takes: year, region (with what lies below it),
    pairing — the same filters as the project list."""

    year = year_filter()

    class Meta:
        model = Project
        fields: list[str] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.filters["q"]
