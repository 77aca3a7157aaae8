import datetime as dt
from decimal import Decimal

import pytest

from xiezuo.industry.ledger import EnterpriseLedger, ParkLedger
from xiezuo.industry.models import Enterprise, Park
from xiezuo.ledgers.testing import county


@pytest.fixture
def make(demo):
    def park(where, marker, **extra):
        pairing, region = county(demo, where)
        return Park.objects.create(pairing=pairing, region=region,
                                   name=f"{region.short_name}产业园", partner=pairing.donor.name,
                                   established_on=dt.date(2021, 6, 1), notes=marker, **extra)

    def enterprise(where, marker, **extra):
        pairing, region = county(demo, where)
        fields = {"name": "泉城食品有限公司", "origin": pairing.donor, "sector": "agri_processing",
                  "signed_on": dt.date(2022, 4, 1), "agreed_investment": Decimal("30000000"),
                  "actual_investment": Decimal("12000000"), "jobs": 80, "jobs_local": 60,
                  **extra}
        return Enterprise.objects.create(pairing=pairing, region=region, notes=marker, **fields)

    return {EnterpriseLedger: enterprise, ParkLedger: park}
