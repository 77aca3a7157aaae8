"""A real chromium (Debian's, installed by scripts/test) driven by Playwright."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any

import pytest

CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium") or "/usr/bin/chromium"
    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A page whose test may poll with ``wait_for_function``: Playwright evaluates such
    predicates with ``eval``, which the Content-Security-Policy forbids, so this page's
    context sets the policy aside. ``strict_page`` keeps it (tests/browser/test_csp.py)."""
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN",
                                  bypass_csp=True)
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    yield pg
    context.close()


@pytest.fixture
def strict_page(browser: Any) -> Iterator[Any]:
    """A page under the platform's Content-Security-Policy, as a browser sees it."""
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    yield pg
    context.close()


@pytest.fixture
def signed_in(page: Any, live_server: Any, demo: dict[str, Any]) -> Any:
    """sign_in(username) logs the browser in through the login form."""
    from xiezuo.accounts.demo import DEMO_PASSWORD

    def _sign_in(username: str) -> Any:
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", DEMO_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")
        return page

    return _sign_in
