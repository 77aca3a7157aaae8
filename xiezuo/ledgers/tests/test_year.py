"""A year no calendar has, or far outside the programme, is a field error on every ledger's
form — never an exception (the page and the import both validate through the form)."""

from __future__ import annotations

import pytest

from xiezuo.ledgers.declare import declared_ledgers

pytestmark = pytest.mark.django_db

WITH_YEAR = sorted(key for key, ledger in declared_ledgers().items()
                   if "year" in ledger.form.base_fields)


@pytest.mark.parametrize("key", WITH_YEAR)
@pytest.mark.parametrize("year", ["0", "1000000", "1900", "2101"])
def test_an_impossible_year_is_named_on_its_field(demo, key, year) -> None:
    ledger = declared_ledgers()[key]
    user = demo["users"]["national"]
    form = ledger.form({"year": year, "region": "622901"}, instance=ledger.model(), user=user)
    assert not form.is_valid()
    assert "year" in form.errors, (key, form.errors)
    assert year in str(form.errors["year"]), form.errors


@pytest.mark.parametrize("key", WITH_YEAR)
def test_a_year_of_the_programme_is_not_refused_as_a_year(demo, key) -> None:
    ledger = declared_ledgers()[key]
    user = demo["users"]["national"]
    form = ledger.form({"year": "2024", "region": "622901"}, instance=ledger.model(), user=user)
    form.is_valid()
    assert "不是有效的年度" not in str(form.errors.get("year", "")), form.errors
