"""The API's rate limit is counted in the cache — Redis when ``XIEZUO_REDIS_URL`` names one,
each process's memory otherwise — and never written to the database on a request."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import caches
from django.test import override_settings

from xiezuo.api.api import TokenRate, hit
from xiezuo.api.models import ApiToken

pytestmark = pytest.mark.django_db
REDIS_URL = "redis://127.0.0.1:6379/0"
URL = "/api/v1/regions/"


def _redis_up() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


@pytest.fixture
def redis_cache() -> Iterator[None]:
    """The default cache in the Redis on loopback, keys under a prefix of this test alone."""
    if not _redis_up():
        pytest.skip("no Redis on 127.0.0.1:6379")
    prefix = f"xiezuo-test-{uuid.uuid4().hex}"
    config = {"BACKEND": "django.core.cache.backends.redis.RedisCache",
              "LOCATION": REDIS_URL, "KEY_PREFIX": prefix}
    with override_settings(CACHES={"default": config, "shared": config}):
        _forget_connections()
        yield
    _forget_connections()
    # this test's keys only: the cache's clear() would empty the whole Redis database, under
    # whatever another test (another worker) keeps there
    import redis

    with redis.Redis.from_url(REDIS_URL) as client:
        for key in client.scan_iter(f"{prefix}:*"):
            client.delete(key)


def _forget_connections() -> None:
    """Make the cache handler read CACHES again and open new connections."""
    handler: Any = caches
    handler._settings = None
    for alias in ("default", "shared"):
        if hasattr(handler._connections, alias):
            delattr(handler._connections, alias)


def test_the_default_cache_is_memory_without_redis(settings: Any) -> None:
    assert "locmem" in settings.CACHES["default"]["BACKEND"]
    assert "db" in settings.CACHES["shared"]["BACKEND"]  # dashboards, filled ahead


def test_it_counts_without_a_query(django_assert_num_queries: Any) -> None:
    key = f"count-{uuid.uuid4().hex}"
    with django_assert_num_queries(0):
        assert [hit(key, 60) for _ in range(3)] == [1, 2, 3]


def test_it_counts_in_redis_for_every_server(redis_cache: None,
                                             django_assert_num_queries: Any) -> None:
    from django.core.cache.backends.redis import RedisCache

    assert isinstance(caches["default"], RedisCache)
    key = f"count-{uuid.uuid4().hex}"
    with django_assert_num_queries(0):
        assert [hit(key, 60) for _ in range(3)] == [1, 2, 3]
    # another server: its own connection to the same Redis sees the same count
    other = RedisCache(REDIS_URL, {"KEY_PREFIX": caches["default"].key_prefix})
    assert other.get(key) == 3
    assert other.incr(key) == 4
    assert hit(key, 60) == 5


def test_redis_limits_a_token_over_the_api(redis_cache: None, client: Any, demo: Any,
                                           settings: Any, monkeypatch: Any,
                                           django_assert_max_num_queries: Any) -> None:
    now = [1_800_000_015.0]
    monkeypatch.setattr(TokenRate, "clock", staticmethod(lambda: now[0]))
    settings.API_RATE_LIMIT = 2
    _token, key = ApiToken.issue(demo["users"]["puge_entry"])
    headers = {"Authorization": f"Bearer {key}"}
    assert client.get(URL, headers=headers).status_code == 200
    with django_assert_max_num_queries(4) as captured:  # token, user, office, the page
        assert client.get(URL, headers=headers).status_code == 200
    assert not [q for q in captured.captured_queries
                if q["sql"].split()[0] in ("INSERT", "UPDATE", "DELETE")]
    refused = client.get(URL, headers=headers)
    assert refused.status_code == 429 and refused["Retry-After"] == "45"
