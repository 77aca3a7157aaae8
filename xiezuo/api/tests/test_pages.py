"""The API's pages for people: /api/v1/ lists the endpoints; the token page issues (with an
expiry), lists and revokes a user's own tokens, each step audited."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from xiezuo.api.models import ApiToken
from xiezuo.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_it_lists_the_endpoints_at_the_root(login: Any) -> None:
    response = login("gansu_viewer").get("/api/v1/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/api/v1/ledgers/funds/summary/" in html
    assert "/api/v1/ledgers/funds/" in html and "/api/v1/regions/" in html
    assert reverse("api:openapi-view") in html and reverse("tokens:list") in html


def test_it_sends_a_stranger_to_sign_in(client: Any, demo: Any) -> None:
    response = client.get("/api/v1/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_it_issues_lists_and_revokes_ones_own_tokens(login: Any, users: dict[str, Any]) -> None:
    client = login("linxiashi_entry")
    assert reverse("tokens:list") in client.get(reverse("core:home")).content.decode()
    page = client.post(reverse("tokens:list"), {"name": "同步", "days": "30"}, follow=True)
    html = page.content.decode()
    key = re.search(r'<code class="token-key">([^<]+)</code>', html).group(1)
    token = ApiToken.objects.get(user=users["linxiashi_entry"], name="同步")
    assert token.prefix == key[:8] and ApiToken.find(key) == token
    assert abs(token.expires_at - (timezone.now() + dt.timedelta(days=30))) < dt.timedelta(
        minutes=1)
    assert AuditEntry.objects.filter(action="token_issue", object_id=str(token.pk)).exists()

    listing = client.get(reverse("tokens:list")).content.decode()
    assert f"{token.prefix}…" in listing and key not in listing  # the key is shown once

    # another user cannot revoke it
    other = login("puge_entry")
    assert other.post(reverse("tokens:revoke", args=[token.pk])).status_code == 404
    client = login("linxiashi_entry")
    assert client.post(reverse("tokens:revoke", args=[token.pk])).status_code == 302
    assert not ApiToken.objects.filter(pk=token.pk).exists()
    assert AuditEntry.objects.filter(action="token_revoke", object_id=str(token.pk)).exists()


@pytest.mark.parametrize("days", ["0", "3661", "x"])
def test_it_refuses_a_bad_expiry(login: Any, days: str) -> None:
    response = login("linxiashi_entry").post(reverse("tokens:list"), {"days": days})
    assert response.status_code == 200
    assert 'id="id_days-errors"' in response.content.decode()
    assert not ApiToken.objects.exists()
