"""Data quality in the browser: the national administrator adds a rule on the rules page, 临夏市
sees its month break it before submitting, writes its explanation beside the finding and
submits; the prefecture's reviewer sees the finding with the explanation on the month's page
and on the data quality page, which holds on a 390-px phone."""

from decimal import Decimal

import pytest

from xiezuo.reporting.models import QualityRule

from .test_reporting_chain import confirm, month, open_from_inbox, switch  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EXPLANATION = "国庆节前机关食堂集中采购，已核对发票"
OVERFLOW = "document.scrollingElement.scrollWidth - window.innerWidth"


def test_a_rule_added_broken_explained_and_seen_by_the_reviewer(
        signed_in, live_server, month) -> None:  # noqa: F811
    period, _row = month
    title = f"临夏市 {period.label} 资金与消费月报"

    page = signed_in("national")
    page.goto(f"{live_server.url}/reporting/quality-rules/")
    page.click(".toolbar a:has-text('新增')")
    page.fill("#id_name", "单笔采购不超过10万元")
    page.select_option("#id_ledger", "consumption.consumption")
    page.fill("#id_field", "amount")
    page.select_option("#id_kind", "range")
    page.fill("#id_maximum", "100000")
    page.click("button:has-text('保存')")
    page.wait_for_url(f"{live_server.url}/reporting/quality-rules/")
    assert "单笔采购不超过10万元" in page.text_content("#quality-rules")
    rule = QualityRule.objects.get()
    assert rule.maximum == Decimal("100000")

    page = switch(page, signed_in, "linxiashi_entry")
    open_from_inbox(page, title)
    finding = "#quality-findings tr.finding[data-rule='单笔采购不超过10万元']"
    assert "120000" in page.text_content(finding)
    page.fill(f"{finding} textarea", EXPLANATION)
    page.click(f"{finding} button:has-text('保存说明')")
    page.wait_for_selector(f"{finding} textarea")
    assert page.input_value(f"{finding} textarea") == EXPLANATION
    confirm(page, "submit")
    assert page.text_content("#submission-status").strip() == "已提交"

    page = switch(page, signed_in, "linxia_reviewer")
    open_from_inbox(page, title)
    row = page.text_content(finding)
    assert "120000" in row and "≤ 100000" in row and EXPLANATION in row
    assert not page.is_visible(f"{finding} textarea")

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/reporting/quality/?period={period.start:%Y-%m}")
    listed = page.text_content("#quality-list")
    assert "临夏市" in listed and EXPLANATION in listed and "已说明" in listed
    assert page.evaluate(OVERFLOW) == 0
    page.click("#quality-list a:has-text('临夏市')")
    page.wait_for_selector("#quality-findings")
    assert EXPLANATION in page.text_content(finding)
