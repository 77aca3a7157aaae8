"""Shared fixtures: a small region registry, the made-up test reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from xiezuo.news.regions import Registry, build_registry, read_regions

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"


@pytest.fixture(scope="session")
def small_registry() -> Registry:
    """Thirty divisions around the seed pairings, with the shipped province pairings."""
    return build_registry(read_regions(HERE / "data" / "regions_small.tsv"))


@pytest.fixture(scope="session")
def reports_dir() -> Path:
    """Made-up reports, each with its clean reference and annotation (fixtures/README.md)."""
    return FIXTURES / "reports"


def clean_reports() -> list[str]:
    """Made-up reports free of mojibake (fixtures/clean_reports.txt), one string each."""
    text = (FIXTURES / "clean_reports.txt").read_text(encoding="utf-8")
    return [block.strip("\n") for block in text.split("\n=====\n") if block.strip()]
