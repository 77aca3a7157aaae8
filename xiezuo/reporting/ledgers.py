"""The ledgers a data set may cover, found from their ``Ledger`` declarations, and how a
ledger's rows fall into a reporting period."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.urls import NoReverseMatch, reverse

from xiezuo.ledgers.declare import declared_ledgers, model_of
from xiezuo.reporting.periods import Period


def date_field(model: type[models.Model]) -> tuple[str, bool]:
    """The period field and whether it holds a year (an integer) rather than a date."""
    name = getattr(model, "period_field", "year")
    field = model._meta.get_field(name)
    return name, not isinstance(field, models.DateField)


def owed_in(model: type[models.Model], period: Period) -> bool:
    """A ledger kept by year (a ``year`` field) is owed in the period holding 31 December:
    its rows' date is the year's last day (``LedgerRecord.record_date``)."""
    _name, by_year = date_field(model)
    return not by_year or period.start <= dt.date(period.end.year, 12, 31) <= period.end


def rows_in(model: type[models.Model], region_key: str, period: Period) -> Any:
    """The rows of ``model`` whose region lies in the region and whose date is in the period."""
    name, by_year = date_field(model)
    qs = model._default_manager.filter(region__scope_key__startswith=region_key)
    if by_year:
        return qs.filter(**{name: period.end.year}) if owed_in(model, period) else qs.none()
    return qs.filter(**{f"{name}__gte": period.start, f"{name}__lte": period.end})


@dataclass
class LedgerCount:
    label: str
    name: str
    count: int
    owed: bool
    declared_empty: bool
    list_url: str

    @property
    def complete(self) -> bool:
        return not self.owed or self.count > 0 or self.declared_empty


def completeness(submission: Any) -> list[LedgerCount]:
    """What is entered against what is owed, per covered ledger (one count per ledger)."""
    declared = {d.ledger for d in submission.no_data.all()}
    found = declared_ledgers()
    result: list[LedgerCount] = []
    for label in submission.data_set.covered_ledgers():
        model = model_of(label)
        if model is None:
            continue
        owed = owed_in(model, submission.period)
        count = rows_in(model, submission.region_key, submission.period).count() if owed else 0
        result.append(LedgerCount(label, str(model._meta.verbose_name), count, owed,
                                  label in declared, _list_url(found.get(label), submission)))
    return result


def _list_url(ledger: Any, submission: Any) -> str:
    if ledger is None:
        return ""
    try:
        url = reverse(ledger.url_name("list"))
    except NoReverseMatch:
        return ""
    return f"{url}?region={submission.region.code}"
