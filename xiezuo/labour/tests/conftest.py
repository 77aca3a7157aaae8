import datetime as dt
import random
from decimal import Decimal

import pytest

from xiezuo.core.personal import fake_id_number
from xiezuo.labour.ledger import LabourCountLedger, LabourRecordLedger, TrainingBaseLedger
from xiezuo.labour.models import LabourCount, LabourRecord, TrainingBase
from xiezuo.ledgers.testing import county

_rng = random.Random(7)


def new_id(prefecture: str = "6229") -> str:
    return fake_id_number(_rng, prefecture, dt.date(_rng.randrange(1970, 2000), 5, 17))


@pytest.fixture
def make(demo):
    """make[Ledger](county, marker): a valid record of that ledger in 临夏市 or 普格县."""

    def person(where, marker, year=2024, **extra):
        pairing, region = county(demo, where)
        fields = {"name": "马小梅", "id_number": new_id(region.code), "village": "折桥镇团结村",
                  "status": "poverty", "destination": "donor", "employer": "济南某食品有限公司",
                  "start_date": dt.date(year, 3, 1), "monthly_income": Decimal("4200"),
                  "organised": True, **extra}
        return LabourRecord.objects.create(pairing=pairing, region=region, year=year,
                                           notes=marker, **fields)

    counter = iter(range(1, 10_000))

    def count(where, marker):
        pairing, region = county(demo, where)
        day = dt.date(2020, 1, 1) + dt.timedelta(days=next(counter))
        return LabourCount.objects.create(
            pairing=pairing, region=region, year=day.year, period_start=day, period_end=day,
            destination="near_home", persons=50, persons_poverty=30, notes=marker)

    def base(where, marker):
        pairing, region = county(demo, where)
        return TrainingBase.objects.create(
            pairing=pairing, region=region, name=f"{region.short_name}技能培训基地",
            trade="家政服务", operator="职业技术学校", established_on=dt.date(2022, 5, 1),
            notes=marker)

    return {LabourRecordLedger: person, LabourCountLedger: count, TrainingBaseLedger: base}
