"""A month with several ledgers empty: the county declares them all in one confirmed step
from the month's page, which names them before it declares them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from xiezuo.consumption.models import Consumption
from xiezuo.ledgers.testing import county
from xiezuo.reporting import actions
from xiezuo.reporting.models import DataSet, NoDataDeclaration
from xiezuo.reporting.periods import Period

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
OCTOBER = Period.containing("monthly", dt.date(2026, 10, 1))


def test_declare_the_remaining_ledgers_in_one_step(signed_in: Any, live_server: Any,
                                                    demo: dict[str, Any]) -> None:
    data_set = DataSet.objects.create(
        name="三台账月报", frequency="monthly", deadline_day=28, start_date=dt.date(2026, 1, 1),
        ledgers=["consumption.consumption", "funds.fundmovement", "meetings.meeting"])
    pairing, region = county(demo, "linxia")
    Consumption.objects.create(
        pairing=pairing, region=region, date=dt.date(2026, 10, 9), kind="purchase",
        buyer_type="government", buyer="济南市市中区机关事务服务中心", channel="canteen",
        category="meat_egg", product="手抓羊肉", amount=Decimal("120000"))
    sub = actions.open_submission(data_set, region, OCTOBER)
    page = signed_in("linxiashi_entry")
    page.goto(f"{live_server.url}/reporting/{sub.pk}/")
    page.click(".step-declare-all summary")
    text = page.text_content(".step-declare-all .confirm-text")
    assert "资金流水" in text and "消费帮扶" not in text
    assert NoDataDeclaration.objects.count() == 0  # opening the panel declares nothing
    page.click(".step-declare-all .confirm-panel button")
    page.wait_for_selector("#completeness")
    assert page.locator("#completeness >> text=已声明本期无数据").count() == 2
    assert not page.is_visible(".step-declare-all")
    assert NoDataDeclaration.objects.filter(submission=sub).count() == 2
