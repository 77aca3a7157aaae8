"""A county submits its month, the prefecture returns it with a reason, the county reads the
reason, corrects a row and submits again, the prefecture reviews, the province approves, and
the county's next edit of a row of that month is refused, naming the approval."""

import datetime as dt
from decimal import Decimal

import pytest

from xiezuo.consumption.models import Consumption
from xiezuo.funds.models import FundMovement
from xiezuo.ledgers.testing import county
from xiezuo.reporting.models import DataSet
from xiezuo.reporting.periods import Period

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def confirm(page, step: str) -> None:
    """Press a step's button, then the confirming button of the panel it opens (the panel
    says what will happen)."""
    if not page.is_visible(f".step-{step} .confirm-panel button"):
        page.click(f".step-{step} summary")
    assert page.text_content(f".step-{step} .confirm-text").strip()
    page.click(f".step-{step} .confirm-panel button")


@pytest.fixture
def month(demo):
    """Last month's report of 临夏市 owes two ledgers; both have a row."""
    period = Period.containing("monthly", dt.date.today().replace(day=1) - dt.timedelta(days=1))
    DataSet.objects.create(name="资金与消费月报", frequency="monthly", deadline_day=28,
                           ledgers=["consumption.consumption", "funds.fundmovement"],
                           start_date=period.start)
    pairing, region = county(demo, "linxia")
    day = period.start + dt.timedelta(days=9)
    row = Consumption.objects.create(
        pairing=pairing, region=region, date=day, kind="purchase", buyer_type="government",
        buyer="济南市市中区机关事务服务中心", channel="canteen", category="meat_egg",
        product="手抓羊肉", amount=Decimal("120000"))
    FundMovement.objects.create(pairing=pairing, region=region, year=day.year, date=day,
                                type="transfer", source="fiscal", reported_by="recipient",
                                amount=Decimal("1500000"))
    return period, row


def switch(page, signed_in, username):
    page.goto("about:blank")  # no request of the last page lands after the cookies go
    page.context.clear_cookies()
    return signed_in(username)


def open_from_inbox(page, title):
    page.click("nav.sidenav >> text=我的待办")
    page.click(f"#inbox-items >> text={title}")
    page.wait_for_selector("#completeness")


def test_submit_return_fix_review_approve_and_lock(signed_in, live_server, month) -> None:
    period, row = month
    title = f"临夏市 {period.label} 资金与消费月报"

    page = signed_in("linxiashi_entry")
    open_from_inbox(page, title)
    assert "已填报" in page.text_content("#completeness")
    confirm(page, "submit")
    assert page.text_content("#submission-status").strip() == "已提交"

    page = switch(page, signed_in, "linxia_reviewer")
    open_from_inbox(page, title)
    confirm(page, "return")  # no reason: the browser asks for one first
    assert page.text_content("#submission-status").strip() == "已提交"
    page.fill("#reason-return", "消费帮扶金额应为 12.5 万元")
    confirm(page, "return")
    page.wait_for_selector("#return-reason")
    assert page.text_content("#submission-status").strip() == "已退回"

    page = switch(page, signed_in, "linxiashi_entry")
    page.click("nav.sidenav >> text=我的待办")
    assert "消费帮扶金额应为 12.5 万元" in page.text_content("#inbox-items")
    page.click(f"#inbox-items >> text={title}")
    assert "消费帮扶金额应为 12.5 万元" in page.text_content("#return-reason")
    page.goto(f"{live_server.url}/consumption/{row.pk}/edit/")
    page.fill("#id_amount_0", "12.5")
    page.select_option("#id_amount_1", "wan")
    page.click("button:has-text('保存')")
    page.wait_for_url(f"{live_server.url}/consumption/{row.pk}/")
    open_from_inbox(page, title)
    confirm(page, "submit")
    assert page.text_content("#submission-status").strip() == "已提交"

    page = switch(page, signed_in, "linxia_reviewer")
    open_from_inbox(page, title)
    confirm(page, "review")
    assert page.text_content("#submission-status").strip() == "已审核"

    page = switch(page, signed_in, "gansu_approver")
    assert page.text_content("#unread-notifications .tag").strip() == "1"
    open_from_inbox(page, title)
    confirm(page, "approve")
    assert page.text_content("#submission-status").strip() == "已批准"
    assert page.text_content("#changed-since").strip() == "0 次"

    page = switch(page, signed_in, "linxiashi_entry")
    page.goto(f"{live_server.url}/consumption/{row.pk}/edit/")
    page.fill("#id_amount_0", "13")
    page.click("button:has-text('保存')")
    error = page.text_content(".form-errors")
    assert f"该记录所属的 临夏市 {period.label} 报送已于" in error
    assert "批准锁定，如需修改请联系审批单位解锁" in error
    assert Consumption.objects.get(pk=row.pk).amount == Decimal("125000")
