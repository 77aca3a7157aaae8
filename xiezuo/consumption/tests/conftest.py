import datetime as dt
from decimal import Decimal

import pytest

from xiezuo.consumption.ledger import ConsumptionLedger
from xiezuo.consumption.models import Consumption
from xiezuo.ledgers.testing import county


@pytest.fixture
def make(demo):
    def entry(where, marker, **extra):
        pairing, region = county(demo, where)
        fields = {"date": dt.date(2024, 5, 20), "kind": "purchase", "buyer_type": "government",
                  "buyer": "济南市市中区机关事务服务中心", "channel": "canteen",
                  "category": "meat_egg", "product": "手抓羊肉", "amount": Decimal("120000"),
                  **extra}
        return Consumption.objects.create(pairing=pairing, region=region, notes=marker, **fields)

    return {ConsumptionLedger: entry}
