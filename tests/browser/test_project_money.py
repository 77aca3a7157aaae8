"""A county clerk creates a project, allocates money to it, records spending, and sees the
execution rate change on the project page."""

import datetime as dt

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_create_allocate_spend_and_see_the_rate(signed_in, live_server) -> None:
    page = signed_in("puge_entry")
    page.click("text=援建项目")
    page.click("text=新增")
    page.fill("#id_year", "2024")
    page.fill("#id_region", "普格县")
    page.fill("#id_name", "螺髻山镇核桃初加工厂")
    page.select_option("#id_sector", label="产业")
    page.fill("#id_budget_fiscal_0", "120")
    page.select_option("#id_budget_fiscal_1", "wan")
    page.check("#id_donor_consent")
    page.fill("#id_consent_date", "2024-02-01")
    page.click("button:has-text('保存')")
    page.wait_for_selector("#project-status")
    assert page.text_content("h1").strip().startswith("螺髻山镇核桃初加工厂")
    assert page.text_content("#project-execution").strip() == "—"

    page.click("text=登记资金")
    page.fill("#id_year", "2024")
    page.fill("#id_date", "2024-05-10")
    page.fill("#id_amount_0", "100")
    page.select_option("#id_amount_1", "wan")
    page.click("button:has-text('保存')")
    page.wait_for_selector("#project-execution")
    assert page.text_content("#project-allocated").strip() == "100.00 万元"
    assert page.text_content("#project-execution").strip() == "0.0%"

    page.click("text=登记资金")
    page.fill("#id_year", "2024")
    page.fill("#id_date", str(dt.date(2024, 8, 1)))
    page.select_option("#id_type", "spending")
    page.fill("#id_amount_0", "40")
    page.click("button:has-text('保存')")
    page.wait_for_selector("#project-execution")
    assert page.text_content("#project-spent").strip() == "40.00 万元"
    assert page.text_content("#project-execution").strip() == "40.0%"

    # Spending more than is left is refused at the field, nothing saved.
    page.click("text=登记资金")
    page.fill("#id_year", "2024")
    page.fill("#id_date", "2024-09-01")
    page.select_option("#id_type", "spending")
    page.fill("#id_amount_0", "60.01")
    page.click("button:has-text('保存')")
    assert "最多还可支出 60.00 万元" in page.text_content("#id_amount_0-errors, .has-error")
