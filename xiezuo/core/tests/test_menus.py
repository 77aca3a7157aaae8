"""The navigation shows each role only what it may open: every entry a persona's menu lists
answers that persona (no 403, no 404), and what the menu leaves out is refused."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PERSONAS = ["gansu_viewer", "linxia_reviewer", "gansu_approver", "puge_entry", "jinan_admin",
            "linxiashi_entry", "national"]


def _menu(client: Any) -> list[str]:
    html = client.get(reverse("core:home")).content.decode()
    nav = re.search(r'<nav class="sidenav".*?</nav>', html, re.S)
    assert nav
    return list(dict.fromkeys(re.findall(r'href="([^"]+)"', nav.group(0))))


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_entry_of_a_menu_opens_for_its_user(persona: str, login: Any) -> None:
    client = login(persona)
    refused = {}
    for link in _menu(client):
        status = client.get(link, follow=True).status_code  # a dashboard sends on
        if status != 200:
            refused[link] = status
    assert not refused, f"{persona}: {refused}"


def test_a_viewer_sees_no_entry_that_writes(login: Any) -> None:
    links = _menu(login("gansu_viewer"))
    for name in ("news:upload", "sheets:start", "pairings:create", "accounts:lockouts",
                 "core:audit"):
        assert reverse(name) not in links, name
    assert login("gansu_viewer").get(reverse("news:upload")).status_code == 403


def test_the_national_administrator_sees_every_entry(login: Any) -> None:
    links = _menu(login("national"))
    for name in ("news:upload", "sheets:start", "pairings:create", "accounts:lockouts",
                 "core:audit", "reporting:data_sets"):
        assert reverse(name) in links, name
