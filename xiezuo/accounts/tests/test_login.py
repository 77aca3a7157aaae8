import os
import subprocess
import sys

import pytest
from django.core.cache import cache
from django.urls import reverse

from xiezuo.accounts.demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_throttle():
    cache.clear()
    yield
    cache.clear()


def test_it_logs_in_and_out(client, demo) -> None:
    r = client.post(reverse("accounts:login"), {"username": "puge_entry",
                                                "password": DEMO_PASSWORD})
    assert r.status_code == 302
    page = client.get(reverse("core:home")).content.decode()
    assert "普格县对口帮扶工作组" in page and "数据录入" in page
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("core:home")).status_code == 302


def _try(client, username, password="x", address="10.0.0.1", **headers):
    return client.post(reverse("accounts:login"), {"username": username, "password": password},
                       REMOTE_ADDR=address, **headers)


def test_an_account_is_locked_after_five_failures_from_anywhere(client, demo) -> None:
    for n in range(5):
        _try(client, "puge_entry", address=f"10.0.0.{n + 1}")
    r = _try(client, "puge_entry", DEMO_PASSWORD, address="10.9.9.9")
    assert r.status_code == 429 and "已被锁定" in r.content.decode()
    assert "_auth_user_id" not in client.session
    # the address the failures came from is not locked for anyone else
    r = _try(client, "linxiashi_entry", DEMO_PASSWORD, address="10.0.0.5")
    assert r.status_code == 302


def test_an_address_is_locked_at_its_own_limit(client, demo, settings) -> None:
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 8
    for n in range(8):  # eight people of one office mistype once each
        _try(client, f"nobody{n}", address="10.1.1.1")
    assert _try(client, "puge_entry", DEMO_PASSWORD, address="10.1.1.1").status_code == 429
    assert _try(client, "puge_entry", DEMO_PASSWORD, address="10.1.1.2").status_code == 302


def test_behind_the_proxy_each_client_counts_apart(client, demo, settings) -> None:
    from xiezuo.accounts.lockout import client_address

    settings.CLIENT_IP_HEADER = "X-Forwarded-For"
    settings.TRUSTED_PROXIES = frozenset({"127.0.0.1"})
    for n in range(5):  # five failures of different users from five browsers
        _try(client, f"nobody{n}", address="127.0.0.1",
             HTTP_X_FORWARDED_FOR=f"203.0.113.{n + 1}")
    r = _try(client, "puge_entry", DEMO_PASSWORD, address="127.0.0.1",
             HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert r.status_code == 302  # the proxy's own address is not what is counted
    from django.test import RequestFactory

    forged = RequestFactory().get("/", REMOTE_ADDR="198.51.100.7",
                                  HTTP_X_FORWARDED_FOR="203.0.113.1")
    assert client_address(forged) == "198.51.100.7"  # the header counts from our proxy only
    chained = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1",
                                   HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.4")
    assert client_address(chained) == "203.0.113.4"  # what our proxy saw, not what was sent


def test_an_administrator_unlocks_an_account_and_it_is_audited(client, demo) -> None:
    from django.test import Client

    from xiezuo.core.models import AuditEntry

    for _n in range(5):
        _try(client, "puge_entry")
    assert _try(client, "puge_entry", DEMO_PASSWORD, address="10.7.7.7").status_code == 429
    admin = Client()
    admin.force_login(demo["users"]["national"])
    page = admin.get(reverse("accounts:lockouts")).content.decode()
    assert "puge_entry" in page and "已锁定" in page
    admin.post(reverse("accounts:unlock"), {"username": "puge_entry"})
    assert _try(client, "puge_entry", DEMO_PASSWORD, address="10.7.7.7").status_code == 302
    actions = list(AuditEntry.objects.filter(object_repr="puge_entry").values_list(
        "action", flat=True))
    assert {"login_failed", "lockout", "unlock", "login"} <= set(actions)


def test_an_office_admin_unlocks_only_its_own_users(client, demo) -> None:
    for _n in range(5):
        _try(client, "puge_entry")
    client.force_login(demo["users"]["jinan_admin"])
    assert "puge_entry" not in client.get(reverse("accounts:lockouts")).content.decode()
    assert client.post(reverse("accounts:unlock"), {"username": "puge_entry"}).status_code == 403
    client.force_login(demo["users"]["linxiashi_entry"])
    assert client.get(reverse("accounts:lockouts")).status_code == 403


def test_password_change(client, demo) -> None:
    client.force_login(demo["users"]["puge_entry"])
    r = client.post(reverse("accounts:password_change"), {
        "old_password": DEMO_PASSWORD, "new_password1": "123", "new_password2": "123"})
    assert r.status_code == 200 and r.context["form"].errors["new_password2"]
    r = client.post(reverse("accounts:password_change"), {
        "old_password": DEMO_PASSWORD, "new_password1": "Liangshan-2026-pg",
        "new_password2": "Liangshan-2026-pg"})
    assert r.status_code == 302
    demo["users"]["puge_entry"].refresh_from_db()
    assert demo["users"]["puge_entry"].check_password("Liangshan-2026-pg")


def test_language_switch_to_english(client, demo) -> None:
    client.force_login(demo["users"]["puge_entry"])
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("pairings:list")).content.decode()
    assert "Pairings" in page and 'lang="en"' in page


def _settings_in(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("XIEZUO_")}
    return subprocess.run([sys.executable, "-c", "import xiezuo.settings"],
                          env={**clean, **env}, capture_output=True, text=True, check=False)


def test_production_refuses_debug_and_default_secrets(tmp_path) -> None:
    base = {"XIEZUO_PRODUCTION": "1", "XIEZUO_VAR_DIR": str(tmp_path)}
    r = _settings_in({**base, "XIEZUO_SECRET_KEY": "x" * 40, "XIEZUO_DEBUG": "1"})
    assert r.returncode != 0 and "DEBUG" in r.stderr
    r = _settings_in(base)
    assert r.returncode != 0 and "XIEZUO_SECRET_KEY" in r.stderr
    r = _settings_in({**base, "XIEZUO_SECRET_KEY": "change-me"})
    assert r.returncode != 0
    r = _settings_in({**base, "XIEZUO_SECRET_KEY": "k3J9x" * 10})
    assert r.returncode == 0, r.stderr
    r = _settings_in({"XIEZUO_DEBUG": "maybe", "XIEZUO_VAR_DIR": str(tmp_path)})
    assert r.returncode != 0 and "boolean" in r.stderr


def test_forbidden_page_is_friendly(client, demo) -> None:
    client.force_login(demo["users"]["gansu_viewer"])
    r = client.get(reverse("pairings:create"))
    assert r.status_code == 403 and "无权访问" in r.content.decode()


def test_chinese_is_the_default_whatever_the_browser_says(client, demo) -> None:
    client.force_login(demo["users"]["puge_entry"])
    page = client.get(reverse("pairings:list"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert 'lang="zh-hans"' in page.content.decode() and "结对关系" in page.content.decode()


def test_money_unit_choice_changes_every_figure(client, demo) -> None:
    from decimal import Decimal

    from xiezuo.core.money import format_amount

    user = demo["users"]["puge_entry"]
    client.force_login(user)
    client.post(reverse("accounts:money_unit"), {"unit": "yuan", "next": "/pairings/"})
    user.refresh_from_db()
    assert user.money_unit == "yuan"
    assert format_amount(Decimal("1500000"), user.money_unit) == "1,500,000.00 元"
    r = client.post(reverse("accounts:money_unit"), {"unit": "wan", "next": "https://evil.example/"})
    assert r["Location"] == "/"
    client.post(reverse("accounts:money_unit"), {"unit": "dollars"})
    user.refresh_from_db()
    assert user.money_unit == "wan"
