"""Personas of the reporting chain (from the demo data):

linxiashi_entry  临夏市 data entry: enters and submits 临夏市's month
puge_entry       普格县 data entry: another county, another province
linxia_reviewer  临夏州 reviewer: reviews and returns 临夏市's reports
gansu_approver   甘肃省 reviewer: approves, returns to the prefecture, unlocks
gansu_viewer     甘肃省 viewer: sees, may do nothing
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from xiezuo.consumption.models import Consumption
from xiezuo.funds.models import FundMovement
from xiezuo.ledgers.testing import county
from xiezuo.reporting import actions
from xiezuo.reporting.models import DataSet
from xiezuo.reporting.periods import Period

OCTOBER = Period.containing("monthly", dt.date(2026, 10, 1))


@pytest.fixture
def data_set(db: None) -> DataSet:
    """A monthly data set of two ledgers, due on the 28th."""
    return DataSet.objects.create(name="资金与消费月报", frequency="monthly", deadline_day=28,
                                  ledgers=["consumption.consumption", "funds.fundmovement"],
                                  start_date=dt.date(2026, 1, 1))


@pytest.fixture
def default_data_set(db: None) -> DataSet:
    """The seeded 月度报送 (seeded again when a transactional test flushed it)."""
    import importlib

    from django.apps import apps

    importlib.import_module("xiezuo.reporting.migrations.0002_default_data_set").seed(apps, None)
    DataSet.objects.filter(name="月度报送").update(all_ledgers=True)  # as 0003 leaves it
    return DataSet.objects.get(name="月度报送")


@pytest.fixture
def make_purchase(demo: dict[str, Any]) -> Any:
    def make(where: str = "linxia", day: dt.date = dt.date(2026, 10, 12),
             amount: str = "120000") -> Consumption:
        pairing, region = county(demo, where)
        return Consumption.objects.create(
            pairing=pairing, region=region, date=day, kind="purchase",
            buyer_type="government", buyer="济南市市中区机关事务服务中心", channel="canteen",
            category="meat_egg", product="手抓羊肉", amount=Decimal(amount))

    return make


@pytest.fixture
def make_fund(demo: dict[str, Any]) -> Any:
    def make(where: str = "linxia", day: dt.date = dt.date(2026, 10, 15)) -> FundMovement:
        pairing, region = county(demo, where)
        return FundMovement.objects.create(
            pairing=pairing, region=region, year=day.year, date=day, type="transfer",
            source="fiscal", reported_by="recipient", amount=Decimal("1500000"))

    return make


@pytest.fixture
def draft(demo: dict[str, Any], data_set: DataSet, make_purchase: Any, make_fund: Any) -> Any:
    """临夏市's October 2026, both ledgers entered, still a draft."""
    make_purchase()
    make_fund()
    _pairing, region = county(demo, "linxia")
    return actions.open_submission(data_set, region, OCTOBER)


@pytest.fixture
def submitted(draft: Any, users: dict[str, Any]) -> Any:
    return actions.submit(draft, users["linxiashi_entry"], today=dt.date(2026, 10, 20))


@pytest.fixture
def reviewed(submitted: Any, users: dict[str, Any]) -> Any:
    return actions.review(submitted, users["linxia_reviewer"])


@pytest.fixture
def approved(reviewed: Any, users: dict[str, Any]) -> Any:
    return actions.approve(reviewed, users["gansu_approver"])
