"""Tokens expire, are refused with a clear message when they have, record their last use, and
are limited in requests per minute (429 with Retry-After)."""

import datetime as dt
import io

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.utils import timezone

from xiezuo.api.models import ApiToken

pytestmark = pytest.mark.django_db
URL = "/api/v1/regions/"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def _headers(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def test_a_new_token_lasts_a_year_by_default(demo) -> None:
    token, _key = ApiToken.issue(demo["users"]["puge_entry"])
    left = token.expires_at - timezone.now()
    assert dt.timedelta(days=364) < left <= dt.timedelta(days=365)
    assert not token.is_expired


def test_the_command_takes_days(demo) -> None:
    out, err = io.StringIO(), io.StringIO()
    call_command("apitoken", "puge_entry", "--name", "季报", "--days", "30", stdout=out,
                 stderr=err)
    token = ApiToken.objects.get(name="季报")
    assert dt.timedelta(days=29) < token.expires_at - timezone.now() <= dt.timedelta(days=30)
    assert "valid until" in err.getvalue()
    assert ApiToken.find(out.getvalue().strip()) == token
    with pytest.raises(CommandError, match="--days"):
        call_command("apitoken", "puge_entry", "--days", "0", stdout=io.StringIO())


def test_an_expired_token_is_refused_saying_so(client, demo) -> None:
    token, key = ApiToken.issue(demo["users"]["puge_entry"], days=1)
    assert client.get(URL, headers=_headers(key)).status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1))
    response = client.get(URL, headers=_headers(key))
    assert response.status_code == 401
    detail = response.json()["detail"]
    assert "过期" in detail and token.prefix in detail and key not in detail
    # nor does it open the API documents
    docs = client.get("/api/v1/openapi.json", headers=_headers(key))
    assert docs.status_code == 302


def test_the_last_use_is_recorded(client, demo) -> None:
    token, key = ApiToken.issue(demo["users"]["puge_entry"])
    assert token.last_used is None
    client.get(URL, headers=_headers(key))
    token.refresh_from_db()
    assert token.last_used is not None
    assert timezone.now() - token.last_used < dt.timedelta(minutes=1)


def test_too_many_requests_answer_429_with_retry_after(client, demo, settings,
                                                       monkeypatch) -> None:
    from xiezuo.api.api import TokenRate

    now = [1_800_000_015.0]  # 15 s into a minute
    monkeypatch.setattr(TokenRate, "clock", staticmethod(lambda: now[0]))
    settings.API_RATE_LIMIT = 3
    _token, key = ApiToken.issue(demo["users"]["puge_entry"])
    _other, other_key = ApiToken.issue(demo["users"]["puge_entry"])
    assert [client.get(URL, headers=_headers(key)).status_code for _ in range(3)] == [200] * 3
    refused = client.get(URL, headers=_headers(key))
    assert refused.status_code == 429
    assert refused["Retry-After"] == "45"
    # another token has its own count; no token at all is still a 401, not a 429
    assert client.get(URL, headers=_headers(other_key)).status_code == 200
    assert client.get(URL).status_code == 401
    now[0] += 45  # the next minute: the count starts again
    assert client.get(URL, headers=_headers(key)).status_code == 200
