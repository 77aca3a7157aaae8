"""Every page of the navigation at a desktop (1366×768) and a phone (390×844) size, as the
national administrator (who sees every entry): the page never scrolls sideways (a wide table
scrolls inside its own container), and the browser reports no console error (a missing
favicon is one). On the phone the navigation is folded behind the menu button."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {"desktop": (1366, 768), "phone": (390, 844)}

#: how much wider than the window the page is (0 when it does not scroll sideways)
OVERFLOW = "document.scrollingElement.scrollWidth - window.innerWidth"


def _some_rows(demo: dict[str, Any]) -> None:
    """A few rows, so that the lists and the overviews have tables to lay out."""
    from xiezuo.funds.models import FundMovement
    from xiezuo.indicators import catalogue
    from xiezuo.projects.models import Project, Sector

    catalogue.load()
    pairing = demo["pairings"]["szq-lxs"]
    project = Project.objects.create(
        pairing=pairing, region=pairing.recipient, year=2026,
        name="临夏市八坊十三巷文旅街区提升改造暨非物质文化遗产展示中心建设项目",
        sector=Sector.objects.get(code="industry"), budget_fiscal=Decimal("12345678.90"),
        donor_consent=True, consent_date=dt.date(2026, 2, 1))
    for side, amount in (("donor", "47150000"), ("recipient", "47150000")):
        FundMovement.objects.create(
            pairing=pairing, region=pairing.recipient, year=2026, date=dt.date(2026, 3, 2),
            type="transfer", source="fiscal", amount=Decimal(amount), reported_by=side,
            document_no="济财协〔2026〕12号")
    FundMovement.objects.create(
        pairing=pairing, region=pairing.recipient, year=2026, date=dt.date(2026, 4, 2),
        type="allocation", source="fiscal", amount=Decimal("12345678.90"),
        reported_by="recipient", project=project)


def _watch(page: Any) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400
            else None)
    return errors


def _nav_links(page: Any) -> list[str]:
    links: list[str] = page.eval_on_selector_all(
        ".sidenav a", "els => els.map(a => a.getAttribute('href'))")
    return list(dict.fromkeys(links))


@pytest.mark.parametrize("size", list(SIZES))
def test_no_page_scrolls_sideways_or_logs_an_error(size: str, browser: Any, live_server: Any,
                                                   demo: dict[str, Any]) -> None:
    from xiezuo.accounts.demo import DEMO_PASSWORD

    _some_rows(demo)
    width, height = SIZES[size]
    context = browser.new_context(viewport={"width": width, "height": height},
                                  locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(20_000)
    errors = _watch(page)
    base = live_server.url
    page.goto(f"{base}/accounts/login/")
    assert page.evaluate(OVERFLOW) <= 0, "login"
    page.fill("#id_username", "national")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")

    links = _nav_links(page)
    assert len(links) > 20
    wide: dict[str, int] = {}
    failed: dict[str, list[str]] = {}
    for link in ["/", *links]:
        errors.clear()
        page.goto(f"{base}{link}")
        page.wait_for_load_state("networkidle")
        overflow = page.evaluate(OVERFLOW)
        if overflow > 0:
            wide[link] = overflow
        if errors:
            failed[link] = list(errors)
    context.close()
    assert not wide, f"pages wider than {width} px: {wide}"
    assert not failed, f"console errors: {failed}"


def test_the_phone_menu_opens_and_closes(browser: Any, live_server: Any,
                                         demo: dict[str, Any]) -> None:
    from xiezuo.accounts.demo import DEMO_PASSWORD

    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(20_000)
    base = live_server.url
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "linxiashi_entry")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")
    nav = page.locator("#sidenav")
    toggle = page.locator("[data-nav-toggle]")
    assert not nav.is_visible() and toggle.is_visible()
    toggle.click()
    assert nav.is_visible() and toggle.get_attribute("aria-expanded") == "true"
    toggle.click()
    assert not nav.is_visible() and toggle.get_attribute("aria-expanded") == "false"
    context.close()

    desktop = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    page = desktop.new_page()
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "linxiashi_entry")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")
    assert page.locator("#sidenav").is_visible()
    assert not page.locator("[data-nav-toggle]").is_visible()
    desktop.close()


def test_a_form_sent_back_opens_at_its_first_error(browser: Any, live_server: Any,
                                                    demo: dict[str, Any]) -> None:
    from xiezuo.accounts.demo import DEMO_PASSWORD

    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(20_000)
    errors = _watch(page)
    base = live_server.url
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "linxiashi_entry")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")
    page.goto(f"{base}/funds/new/")
    page.click("form.edit button[type=submit]")
    page.wait_for_selector("#form-errors")
    summary = page.text_content("#form-errors .error-summary")
    assert "日期" in summary
    focused = page.evaluate("document.activeElement && document.activeElement.name")
    first = page.evaluate(
        "document.querySelector('.field.has-error input:not([type=hidden]), "
        ".field.has-error select, .field.has-error textarea').name")
    assert focused == first
    assert page.evaluate(OVERFLOW) <= 0
    context.close()
    assert not errors, errors
