"""Test set-up shared by every app: real database, the region registry, named personas."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright drives a live server

#: The suite runs on one fixed day, whatever the calendar says: the demo data, deadlines,
#: "overdue" and every "this year" are derived from it. The clock ticks from there (so
#: durations and expiries behave), but no test can depend on the day it is run.
TODAY = dt.datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
_clock = time_machine.travel(TODAY, tick=True)


def pytest_configure(config: Any) -> None:
    _clock.start()
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.WHITENOISE_USE_FINDERS = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Uploaded and generated files (attachments, archived reports) go to a throwaway folder.
    settings.MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="xiezuo-media-"))


def pytest_unconfigure(config: Any) -> None:
    _clock.stop()
    if "xiezuo-media-" in str(settings.MEDIA_ROOT):
        shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


#: The region registry's rows as the first `regions load` of the session wrote them: a
#: transactional test's flush empties the table, and writing these rows back (same keys) is
#: a fraction of the command's work (it reads the TSV and derives every name again).
_REGISTRY_ROWS: list[dict[str, Any]] = []


def _load_regions() -> None:
    from django.core.management.color import no_style
    from django.db import connection, transaction

    from xiezuo.regions.models import Region

    if not _REGISTRY_ROWS:
        call_command("regions", "load", verbosity=0)
        _REGISTRY_ROWS.extend(Region.objects.order_by("pk").values())
        return
    with transaction.atomic():  # the parents' keys are checked at the end
        Region.objects.bulk_create(Region(**row) for row in _REGISTRY_ROWS)
        # rows written with their keys leave a sequence behind: the next new row must not
        # take one of them (PostgreSQL; SQLite counts from the largest key)
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [Region]):
                cursor.execute(sql)


def ensure_regions() -> None:
    """Reference data the migrations and `setup` provide (regions, sectors, the default
    data set); transactional tests flush it."""
    import importlib

    from django.apps import apps

    from xiezuo.projects.models import Sector
    from xiezuo.regions.models import Region

    if not Region.objects.exists():
        _load_regions()
    if not Sector.objects.exists():
        importlib.import_module("xiezuo.projects.migrations.0002_seed_sectors").seed(apps, None)
        importlib.import_module("xiezuo.projects.migrations.0004_sector_name_en").fill(apps, None)
    from xiezuo.reporting.models import DataSet

    if not DataSet.objects.exists():  # the default monthly data set the migrations seed
        importlib.import_module("xiezuo.reporting.migrations.0002_default_data_set").seed(
            apps, None)
        importlib.import_module("xiezuo.reporting.migrations.0003_locks_and_all_ledgers"
                                ).forward(apps, None)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """The test database, with the shipped region registry loaded once."""
    with django_db_blocker.unblock():
        ensure_regions()
    yield


@pytest.fixture(autouse=True)
def _fresh_local_caches() -> None:
    """Each test starts with empty in-process caches: an earlier test's counts (the API's
    per-token rate limit, keyed by a token id the next test's token may reuse) and memos
    must not reach it."""
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache

    for cache in caches.all(initialized_only=True):
        if isinstance(cache, LocMemCache):
            cache.clear()


@pytest.fixture
def regions(db: None) -> None:
    ensure_regions()  # transactional tests flush the tables: load again when empty


@pytest.fixture
def demo(regions: None) -> dict[str, Any]:
    """The demo offices, users (one per role) and pairings from the seed reports."""
    from xiezuo.accounts import demo as accounts_demo
    from xiezuo.pairings import demo as pairings_demo

    pairings = pairings_demo.load()
    users = accounts_demo.load()
    return {"pairings": pairings, "users": users}


@pytest.fixture
def users(demo: dict[str, Any]) -> dict[str, Any]:
    """The demo users by name (one per role)."""
    users: dict[str, Any] = demo["users"]
    return users


@pytest.fixture
def bearer(demo: dict[str, Any]) -> Any:
    """bearer("puge_entry") → the Authorization header of a fresh API token of that persona."""
    from xiezuo.api.models import ApiToken

    def _bearer(username: str) -> dict[str, str]:
        _token, key = ApiToken.issue(demo["users"][username], "test")
        return {"Authorization": f"Bearer {key}"}

    return _bearer


@pytest.fixture
def login(client: Any, demo: dict[str, Any]) -> Any:
    """login("puge_entry") signs the test client in as that persona and returns the client."""

    def _login(username: str) -> Any:
        client.force_login(demo["users"][username])
        return client

    return _login


@pytest.fixture(autouse=True)
def _worker_keeps_the_test_connection(monkeypatch: Any) -> None:
    """db_worker closes "old" connections between tasks, as a request would: inside a test's
    transaction that would close the test's own connection (Django's test client likewise stops
    closing them), so a worker run by a test keeps it."""
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
