"""Open a pairing's dashboard, see its charts drawn, and drill from a KPI card to its rows."""

import datetime as dt
from decimal import Decimal

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_dashboard_kpi_drills_down_to_ledger_rows(signed_in, live_server, demo) -> None:
    from xiezuo.funds.models import FundMovement
    from xiezuo.indicators import catalogue

    catalogue.load()  # transactional tests flush the migration's data
    pairings = demo["pairings"]
    for key, wan in (("zq-jss", 100), ("szq-lxs", 50)):
        p = pairings[key]
        FundMovement.objects.create(pairing=p, region=p.recipient, year=2023,
                                    date=dt.date(2023, 5, 1), type="transfer",
                                    source="fiscal", amount=Decimal(wan * 10_000),
                                    reported_by="donor")
    page = signed_in("jinan_admin")
    page.goto(f"{live_server.url}/indicators/dashboard/pairing/{pairings['jn-lx'].pk}/?year=2023")
    page.wait_for_selector("#chart-years canvas")
    page.wait_for_selector("#chart-map canvas")
    card = page.locator("#kpi-fiscal_aid")
    assert "150.00 万元" in card.text_content()
    assert "积石山" in page.locator("#ranking").text_content()
    card.click()
    page.wait_for_url("**/indicators/drill/**")
    rows = page.locator("#drill-rows tbody tr")
    assert rows.count() == 2
    assert "150.00 万元" in page.text_content("#drill-total")
    rows.first.locator("a").click()
    page.wait_for_url("**/funds/*/")
    assert "拨付" in page.text_content("body")
