"""Shared fixtures: a small region registry, the shipped corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from xiezuo.news.regions import Registry, build_registry, read_regions

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent / "corpus"


@pytest.fixture(scope="session")
def small_registry() -> Registry:
    """Thirty divisions around the seed pairings, with the shipped province pairings."""
    return build_registry(read_regions(HERE / "data" / "regions_small.tsv"))


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return CORPUS
