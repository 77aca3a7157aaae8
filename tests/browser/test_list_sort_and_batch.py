"""A ledger's list in the browser: a click on a header sorts it (a second click the other
way), the page size is chosen from the pager, the rows of a page are ticked at once and
deleted after a confirmation; at a phone's width the table scrolls inside itself."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OVERFLOW = "document.scrollingElement.scrollWidth - window.innerWidth"


def _amounts(page: Any) -> list[str]:
    return [t.strip() for t in page.locator(".ledger-table tbody td.num").all_text_contents()]


def _rows(demo: dict[str, Any]) -> None:
    from xiezuo.funds.models import FundMovement

    pairing = demo["pairings"]["szq-lxs"]
    for i, amount in enumerate((300, 100, 500, 200, 400) * 5):
        FundMovement.objects.create(
            pairing=pairing, region=pairing.recipient, year=2026,
            date=dt.date(2026, 3, 1) + dt.timedelta(days=i), type="transfer",
            source="fiscal", amount=Decimal(amount * 10000 + i), reported_by="recipient")


def test_sort_by_header_choose_size_and_delete_a_page(signed_in: Any, live_server: Any,
                                                      demo: dict[str, Any]) -> None:
    from xiezuo.funds.models import FundMovement

    _rows(demo)
    page = signed_in("linxiashi_entry")
    page.goto(f"{live_server.url}/funds/")
    header = page.locator('th a[data-sort="amount"]')
    header.click()
    page.wait_for_url("**sort=amount**")
    up = [Decimal(a.replace(",", "")) for a in _amounts(page) if a]
    assert up == sorted(up) and "▲" in page.locator('th a[data-sort="amount"]').inner_text()
    page.locator('th a[data-sort="amount"]').click()
    page.wait_for_url("**sort=-amount**")
    down = [Decimal(a.replace(",", "")) for a in _amounts(page) if a]
    assert down == sorted(down, reverse=True) and down[0] > up[0]

    page.select_option(".pager-size select", "20")  # submits itself
    page.wait_for_url("**size=20**")
    assert "sort=-amount" in page.url and page.locator("input[name=ids]").count() == 20

    page.check("th.check input[type=checkbox]")  # every row of the page
    assert page.locator("input[name=ids]:checked").count() == 20
    page.click("#bulk-form button[type=submit]")
    assert "确定删除下列 20 条" in page.text_content("#batch-summary")
    page.click("button.btn-danger")
    page.wait_for_url("**size=20**")
    assert FundMovement.objects.count() == 5
    assert "已删除 20 条记录" in page.content()


def test_the_list_scrolls_inside_itself_on_a_phone(browser: Any, live_server: Any,
                                                   demo: dict[str, Any]) -> None:
    from xiezuo.accounts.demo import DEMO_PASSWORD

    _rows(demo)
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN",
                                  bypass_csp=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "linxiashi_entry")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/funds/?size=20&sort=-date")
    assert page.evaluate(OVERFLOW) <= 0
    assert page.is_visible(".pager-size select") and page.is_visible(".bulk-bar")
    page.goto("about:blank")
    context.close()
