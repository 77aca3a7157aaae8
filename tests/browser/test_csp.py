"""The pages work under the strict Content-Security-Policy: no console error, no policy
violation, and what their scripts do still happens (charts drawn, rows added, a select that
submits its form, a box that ticks every box)."""

import datetime as dt
from decimal import Decimal

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: every violation the browser reports, kept where the test can read it
WATCH = """window.__violations = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__violations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile);
});"""


def _watch(page) -> list[str]:
    errors: list[str] = []
    page.add_init_script(WATCH)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400
            else None)
    return errors


def _until(page, script: str, timeout_ms: int = 15_000) -> None:
    """Poll ``script`` (a function) until it answers true: ``wait_for_function`` would need
    ``eval``, which the policy under test forbids."""
    for _ in range(timeout_ms // 100):
        if page.evaluate(script):
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"never true: {script}")


def _check(page, errors: list[str], where: str) -> None:
    page.wait_for_load_state("networkidle")
    violations = page.evaluate("window.__violations || []")
    assert not violations, (where, violations)
    assert not errors, (where, errors)


def test_the_pages_run_under_the_policy(strict_page, live_server, demo) -> None:
    from xiezuo.accounts.demo import DEMO_PASSWORD
    from xiezuo.funds.models import FundMovement
    from xiezuo.indicators import catalogue

    catalogue.load()
    pairing = demo["pairings"]["szq-lxs"]
    FundMovement.objects.create(pairing=pairing, region=pairing.recipient, year=2023,
                                date=dt.date(2023, 5, 1), type="transfer", source="fiscal",
                                amount=Decimal(500_000), reported_by="donor")
    page = strict_page
    errors = _watch(page)
    base = live_server.url
    page.goto(f"{base}/accounts/login/")
    _check(page, errors, "login")
    page.fill("#id_username", "national")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")
    _check(page, errors, "home")

    page.goto(f"{base}/pairings/map/")
    _until(page, "() => document.getElementById('map-count').textContent.length > 0")
    _check(page, errors, "map")

    page.goto(f"{base}/indicators/dashboard/pairing/{demo['pairings']['jn-lx'].pk}/?year=2023")
    page.wait_for_selector("#chart-years canvas")
    _check(page, errors, "dashboard")

    page.goto(f"{base}/meetings/new/")  # a form with child rows (officials)
    rows = page.locator(".inline-rows tbody tr")
    before = rows.count()
    page.locator("[data-add-row]").first.click()
    assert rows.count() == before + 1
    _check(page, errors, "meeting form")

    page.goto(f"{base}/projects/")
    page.select_option("select[name=unit]", "yuan")  # submits its form by script
    page.wait_for_load_state("networkidle")
    assert page.locator("select[name=unit]").input_value() == "yuan"
    _check(page, errors, "unit switch")

    for path in ("/reporting/", "/reporting/inbox/", "/transfer/", "/news/", "/audit/",
                 "/accounts/lockouts/", "/checklists/tasks/checklist/", "/funds/overview/",
                 "/regions/", "/assessment/", "/indicators/"):
        page.goto(f"{base}{path}")
        _check(page, errors, path)
