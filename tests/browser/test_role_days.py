"""A working day of each role on the full demo, at an office screen (1366×768) and on a phone
(390×844): a county enters a record, the prefecture reviews last month's report, the province
approves it, a donor office reads its ledgers and its dashboard, a viewer reads. Every page of
each role's navigation, and the pages of its main action, must not scroll sideways, log no
console error (nor a failed request), and show no raw value: no object ids (``#12``), no ISO
timestamps, no empty-to-id history, no Python lists or ``None``.

One browser, one demo and one sign-in per role: the phone reuses the desktop's session."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Error as PlaywrightError

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {"desktop": (1366, 768), "phone": (390, 844)}
OVERFLOW = "document.scrollingElement.scrollWidth - window.innerWidth"

#: what a person should never read on a page
RAW = {
    "object id": re.compile(r" #\d+"),
    "ISO timestamp": re.compile(r"\d{4}-\d\d-\d\dT"),
    "empty-to-id change": re.compile(r"—\s*→\s*\d+(?=\s|$|[，。；,;])"),  # a bare id
    "Python list": re.compile(r"\[\["),
    "Python None": re.compile(r"\bNone\b"),
}

#: role → its demo user
ROLES: dict[str, str] = {
    "county entry": "linxiashi_entry",
    "prefecture review": "linxia_reviewer",
    "province approval": "gansu_approver",
    "donor office": "jinan_admin",
    "viewer": "gansu_viewer",
}


class Walk:
    """One browser context per role and size, sharing the role's session cookies; every
    problem found is collected, so one run lists them all."""

    def __init__(self, browser: Any, base: str) -> None:
        self.browser, self.base = browser, base
        self.problems: list[str] = []
        self.sessions: dict[str, Any] = {}

    def context(self, username: str, size: str) -> Any:
        from xiezuo.accounts.demo import DEMO_PASSWORD

        width, height = SIZES[size]
        context = self.browser.new_context(
            viewport={"width": width, "height": height}, locale="zh-CN",
            storage_state=self.sessions.get(username))
        page = context.new_page()
        page.set_default_timeout(20_000)
        page.errors = []
        page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: page.errors.append(str(e)))
        page.on("response", lambda r: page.errors.append(f"{r.status} {r.url}")
                if r.status >= 400 else None)
        if username not in self.sessions:
            page.goto(f"{self.base}/accounts/login/")
            page.fill("#id_username", username)
            page.fill("#id_password", DEMO_PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url(f"{self.base}/")
            self.sessions[username] = context.storage_state()
        return page

    def check(self, page: Any, label: str) -> None:
        """The page as it stands: no sideways scroll, no console error, no raw value."""
        page.wait_for_load_state("load")
        overflow = page.evaluate(OVERFLOW)
        if overflow > 0:
            self.problems.append(f"{label}: {overflow} px wider than the window")
        if page.errors:
            self.problems.append(f"{label}: console {page.errors}")
            page.errors.clear()
        text = page.inner_text("body")
        for name, pattern in RAW.items():
            found = pattern.search(text)
            if found:
                around = text[max(0, found.start() - 30):found.end() + 30].replace("\n", " ")
                self.problems.append(f"{label}: {name} «{around}»")

    def visit(self, page: Any, path: str, label: str) -> None:
        page.goto(f"{self.base}{path}")
        self.check(page, f"{label} {path}")

    def navigation(self, page: Any, label: str) -> None:
        page.goto(f"{self.base}/")
        links: list[str] = page.eval_on_selector_all(
            ".sidenav a", "els => els.map(a => a.getAttribute('href'))")
        for link in ["/", *dict.fromkeys(links)]:
            if link.startswith("/") and not link.startswith("/accounts/logout"):
                self.visit(page, link, label)


def confirm(page: Any, step: str) -> None:
    if not page.is_visible(f".step-{step} .confirm-panel button"):
        page.click(f".step-{step} summary")
    page.click(f".step-{step} .confirm-panel button")


def enter_a_record(walk: Walk, page: Any, label: str, product: str) -> None:
    """The county's main action: a consumption row, entered through the form."""
    import datetime as dt

    from django.utils import timezone

    walk.visit(page, "/consumption/new/", label)
    today: dt.date = timezone.localdate()
    page.fill("#id_date", today.isoformat())
    page.select_option("#id_kind", "purchase")
    page.fill("#id_region", "临夏市")
    page.select_option("#id_pairing", index=1)
    page.select_option("#id_buyer_type", "government")
    page.fill("#id_buyer", "济南市市中区机关事务服务中心")
    page.select_option("#id_channel", "canteen")
    page.select_option("#id_category", "meat_egg")
    page.fill("#id_product", product)
    page.fill("#id_amount_0", "12.5")
    page.select_option("#id_amount_1", "wan")
    page.click("form.edit button[type=submit]")
    page.wait_for_url(re.compile(r".*/consumption/\d+/$"))
    walk.check(page, f"{label} the new record")
    if product not in page.inner_text("body"):
        walk.problems.append(f"{label}: the record entered is not shown")


def open_submitted_month(walk: Walk, page: Any, label: str, status: str) -> bool:
    """Open the demo's month in ``status`` (the one waiting for this user); False when
    there is none."""
    from xiezuo.reporting.models import Submission

    waiting = Submission.objects.filter(status=status).order_by("-period_start").first()
    if waiting is None:
        walk.problems.append(f"{label}: no month is {status}")
        return False
    walk.visit(page, f"/reporting/{waiting.pk}/", label)
    page.wait_for_selector("#completeness")
    return True


def main_action(walk: Walk, page: Any, role: str, size: str, label: str) -> None:
    if role == "county entry":
        enter_a_record(walk, page, label, f"东乡手抓羊肉（{size}）")
    elif role == "prefecture review" and size == "desktop":
        if open_submitted_month(walk, page, label, "submitted"):
            confirm(page, "review")
            page.wait_for_selector("#submission-status:has-text('已审核')")
            walk.check(page, f"{label} reviewed")
    elif role == "province approval" and size == "desktop":
        if open_submitted_month(walk, page, label, "reviewed"):
            confirm(page, "approve")
            page.wait_for_selector("#submission-status:has-text('已批准')")
            walk.check(page, f"{label} approved")
    elif role in ("prefecture review", "province approval"):  # the phone: the month's page
        walk.visit(page, "/reporting/", label)
        page.locator("main table tbody a").first.click()
        page.wait_for_selector("#completeness")
        walk.check(page, f"{label} the month")
    elif role == "donor office":
        walk.visit(page, "/indicators/dashboard/", label)
        page.wait_for_selector("#chart-years canvas")
        walk.check(page, f"{label} dashboard drawn")


def test_each_role_walks_its_day(browser: Any, live_server: Any, demo: dict[str, Any]) -> None:
    from django.core.management import call_command
    from django.utils import timezone

    call_command("demo", today=timezone.localdate(), verbosity=0)
    walk = Walk(browser, live_server.url)
    for size in SIZES:
        for role, username in ROLES.items():
            label = f"[{size} {role}]"
            page = walk.context(username, size)
            walk.navigation(page, label)
            try:
                main_action(walk, page, role, size, label)
            except PlaywrightError as exc:
                walk.problems.append(f"{label} main action: {exc.message.splitlines()[0]}")
            page.goto("about:blank")
            page.context.close()
    assert not walk.problems, "\n".join(walk.problems)
