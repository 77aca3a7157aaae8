"""A hand-countable year under 山东 → 甘肃 → 临夏州 → {积石山县, 临夏市}.

Fiscal aid sent by the donor (万元), by pairing and place:

    sd-gs   (山东→甘肃)      甘肃省     2023-03-01   20
    jn-lx   (济南→临夏州)    临夏州     2023-07-01   30
    zq-jss  (章丘→积石山)    积石山县   2023-05-01  100   2023-12-15  7 (after the cut-off)
    szq-lxs (市中区→临夏市)  临夏市     2023-06-01   50
    zq-jss                  积石山县   2022-05-01   80   (the year before)

and one transfer the recipient recorded (积石山, 99万), which fiscal aid does not count.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from xiezuo.funds.models import FundMovement, FundSource, MovementType
from xiezuo.ledgers.models import ReportingSide
from xiezuo.regions.models import Region

WAN = Decimal(10_000)


@pytest.fixture
def regions_by_code(regions: None) -> dict[str, Region]:
    codes = ["620000", "622900", "622927", "622901", "370000", "370100", "513428"]
    return {r.code: r for r in Region.objects.filter(code__in=codes, valid_to__isnull=True)}


@pytest.fixture
def gansu(demo: dict[str, Any], regions_by_code: dict[str, Region]) -> dict[str, Any]:
    p = demo["pairings"]
    r = regions_by_code

    def aid(pairing: str, region: str, day: dt.date, wan: int, year: int | None = None,
            side: str = ReportingSide.DONOR, **extra: Any) -> FundMovement:
        return FundMovement.objects.create(
            pairing=p[pairing], region=r[region], year=year or day.year, date=day,
            type=MovementType.TRANSFER, source=extra.pop("source", FundSource.FISCAL),
            amount=wan * WAN, reported_by=side, **extra)

    aid("sd-gs", "620000", dt.date(2023, 3, 1), 20, document_no="鲁财〔2023〕1号")
    aid("jn-lx", "622900", dt.date(2023, 7, 1), 30)
    aid("zq-jss", "622927", dt.date(2023, 5, 1), 100, document_no="鲁财〔2023〕1号")
    aid("zq-jss", "622927", dt.date(2023, 12, 15), 7)
    aid("szq-lxs", "622901", dt.date(2023, 6, 1), 50, document_no="鲁财〔2023〕1号")
    aid("zq-jss", "622927", dt.date(2022, 5, 1), 80)
    aid("zq-jss", "622927", dt.date(2023, 5, 10), 99, side=ReportingSide.RECIPIENT)
    return {"pairings": p, "regions": r, "aid": aid}
