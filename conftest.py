"""Test set-up shared by every app: real database, the region registry, named personas."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command

if TYPE_CHECKING:
    from django.db.models import Model

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


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    """Every test its own id. Schemathesis names each API operation's test
    (``test_no_server_errors[GET /api/v1/regions/]``) but gives all of them the id of the
    function: the parallel runner, which sends tests to its workers by id, would run one
    operation of 176 and report the suite green."""
    for item in items:
        name = getattr(item, "name", "")
        if name.endswith("]") and "[" not in item.nodeid and item.parent is not None:
            base, _, params = name[:-1].partition("[")
            item._id = item.parent.id.child(base).with_params(params)


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
    data set, the indicator catalogue); transactional tests flush it."""
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
    from xiezuo.indicators import catalogue
    from xiezuo.indicators.models import Indicator

    if not Indicator.objects.exists():  # the national catalogue (indicators 0002, 0003)
        catalogue.load(Indicator)
        catalogue.add_also(Indicator)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """The test database, with the shipped region registry loaded once."""
    with django_db_blocker.unblock():
        ensure_regions()
    yield


@pytest.fixture(autouse=True)
def _default_language() -> None:
    """Each test starts in the default language: a request of an earlier test in English
    leaves English active in the thread (the locale middleware activates, nothing resets)."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)


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


def _flushes(item: Any) -> bool:
    """Whether the test commits and ends by emptying every table (a transactional test)."""
    if {"transactional_db", "live_server", "django_db_reset_sequences"} & set(
            getattr(item, "fixturenames", ())):
        return True
    marker = item.get_closest_marker("django_db")
    return bool(marker and (marker.kwargs.get("transaction")
                            or marker.kwargs.get("reset_sequences")))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: Any, nextitem: Any) -> Iterator[None]:
    """After a transactional test's flush (every fixture of the test torn down), the database
    as the next test expects it: the reference data the migrations seed written back (a test
    that reads the catalogue or the registry without asking for a fixture must not depend on
    which test ran before it on its worker), and the database cache's table emptied — the
    flush leaves it (no model holds it), and what it cached there (dashboards, keyed by the
    ids of records the next test writes again under the same keys) must not reach the next
    test."""
    yield
    # the last test's teardown has also closed the session and dropped the test database
    if nextitem is None or not _flushes(item):
        return
    from django.core.cache import caches
    from django.core.cache.backends.db import DatabaseCache
    from pytest_django.plugin import blocking_manager_key

    with item.config.stash[blocking_manager_key].unblock():
        for cache in caches.all():
            if isinstance(cache, DatabaseCache):
                cache.clear()
        ensure_regions()


@pytest.fixture
def regions(db: None) -> None:
    ensure_regions()  # transactional tests flush the tables: load again when empty


def _load_demo() -> dict[str, Any]:
    """What `demo` returns, made by the demo loaders (every row saved and audited)."""
    from xiezuo.accounts import demo as accounts_demo
    from xiezuo.pairings import demo as pairings_demo

    pairings = pairings_demo.load()
    users = accounts_demo.load()
    return {"pairings": pairings, "users": users}


@dataclass
class _DemoRows:
    """The rows the demo loaders wrote, table by table, and the keys of what they returned."""

    rows: dict[type[Model], list[dict[str, Any]]]
    #: each audit row's content type as (app label, model): a flush makes the content
    #: types again under new keys
    content_types: list[tuple[str, str]]
    users: dict[str, Any]
    pairings: dict[str, Any]


#: The demo's rows by the state of its tables before it was loaded (rollback tests find the
#: migrated database; transactional tests mostly a flushed one). Loading it saves every
#: office, user and pairing and chains an audit row for each: writing its rows back is a
#: fraction of that, for the ~1,000 tests that use it.
_DEMO_ROWS: dict[tuple[Any, ...], _DemoRows] = {}
#: the tables the demo loaders write (found by the first load of the session)
_DEMO_TABLES: list[type[Model]] = []


def _table_states(models: list[type[Model]]) -> dict[type[Model], tuple[Any, ...]]:
    """Each table's row count and largest key (None for keys that are not numbers)."""
    from django.db.models import Count, IntegerField, Max

    def state(model: type[Model]) -> tuple[Any, ...]:
        if not isinstance(model._meta.pk, IntegerField):
            return (model._base_manager.count(), None)
        return tuple(model._base_manager.aggregate(n=Count("pk"), top=Max("pk")).values())

    return {model: state(model) for model in models}


def _chain_length() -> int:
    from xiezuo.core.models import AuditChainHead

    return AuditChainHead.objects.filter(pk=1).values_list("seq", flat=True).first() or 0


def _demo_state(tables: dict[type[Model], tuple[Any, ...]], head: int) -> tuple[Any, ...]:
    """The state of the tables the demo reads and writes, from their counts and largest
    keys: the demo's rows fit a database found in the same state as when they were written.
    The audit log counts by its length (its new rows take the next keys, whatever they are,
    and are chained after whatever head there is)."""
    from xiezuo.core.models import AuditEntry
    from xiezuo.regions.models import Region

    return (*(tables[m][0] if m is AuditEntry else tables[m] for m in [Region, *_DEMO_TABLES]),
            head)


def _capture_demo() -> dict[str, Any]:
    """Load the demo the slow way and keep the rows it wrote under the state it found."""
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import IntegerField

    from xiezuo.core.models import AuditChainHead, AuditEntry
    from xiezuo.regions.models import Region

    first = not _DEMO_TABLES
    models = [m for m in apps.get_models(include_auto_created=True)
              if m._meta.managed and not m._meta.proxy
              and m is not AuditChainHead] if first else [Region, *_DEMO_TABLES]
    before, head = _table_states(models), _chain_length()
    state = _demo_state(before, head) if not first else None
    demo = _load_demo()
    after = _table_states(models)
    rows: dict[type[Model], list[dict[str, Any]]] = {}
    for model in models:
        if after[model] == before[model]:
            continue
        new = model._base_manager.order_by("pk")
        if before[model][1] is not None:
            new = new.filter(pk__gt=before[model][1])
        rows[model] = [*new.values(*(f.attname for f in model._meta.concrete_fields))]
        if (not isinstance(model._meta.pk, IntegerField)
                or len(rows[model]) != after[model][0] - before[model][0]):
            return demo  # rows changed or removed, not only added: nothing to write back
    if Region in rows or AuditEntry not in rows:
        return demo
    if first:
        _DEMO_TABLES.extend(rows)
        state = _demo_state(before, head)
    content_types = [ContentType.objects.get_for_id(row["content_type_id"]).natural_key()
                     for row in rows[AuditEntry]]
    _DEMO_ROWS[state] = _DemoRows(
        rows, content_types,
        users={name: user.pk for name, user in demo["users"].items()},
        pairings={key: pairing.pk for key, pairing in demo["pairings"].items()})
    return demo


def _write_demo(demo: _DemoRows) -> dict[str, Any]:
    """Write the demo's rows back (same keys) and return what the demo loaders return: the
    audit rows are chained again after the head, the same digests when it is the same head."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.management.color import no_style
    from django.db import connection, transaction

    from xiezuo.accounts.models import Office, User
    from xiezuo.core.chain import seal
    from xiezuo.core.models import AuditEntry
    from xiezuo.pairings.models import Pairing
    from xiezuo.regions.models import Region

    made: dict[type[Model], dict[Any, Any]] = {}
    with transaction.atomic():  # the foreign keys are checked at the end
        for model, rows in demo.rows.items():
            names = [f.attname for f in model._meta.concrete_fields]
            if model is AuditEntry:
                entries = [AuditEntry(**{
                    **row, "id": None,
                    "content_type_id": ContentType.objects.get_by_natural_key(*ct).pk})
                    for row, ct in zip(rows, demo.content_types, strict=True)]
                seal(entries)
                AuditEntry.objects.bulk_create(entries)
            else:
                model._base_manager.bulk_create(model(**row) for row in rows)
                made[model] = {row["id"]: model.from_db("default", names, [*row.values()])
                               for row in rows}
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [*made]):
                cursor.execute(sql)
    # the loaders' objects hold the regions, offices and parents they were made with
    offices, users, pairings = made[Office], made[User], made[Pairing]
    regions = Region.objects.in_bulk(
        {o.region_id for o in offices.values()}
        | {p.donor_id for p in pairings.values()} | {p.recipient_id for p in pairings.values()})
    for office in offices.values():
        office.region = regions[office.region_id] if office.region_id else None
    for user in users.values():
        if user.office_id:
            user.office = offices[user.office_id]
    for pairing in pairings.values():
        pairing.donor, pairing.recipient = regions[pairing.donor_id], regions[pairing.recipient_id]
        pairing.parent = pairings[pairing.parent_id] if pairing.parent_id else None
    return {"pairings": {key: pairings[pk] for key, pk in demo.pairings.items()},
            "users": {name: users[pk] for name, pk in demo.users.items()}}


@pytest.fixture
def demo(regions: None) -> dict[str, Any]:
    """The demo offices, users (one per role) and pairings from the seed reports."""
    from xiezuo.regions.models import Region

    rows = _DEMO_ROWS.get(_demo_state(_table_states([Region, *_DEMO_TABLES]), _chain_length())
                          ) if _DEMO_TABLES else None
    return _write_demo(rows) if rows is not None else _capture_demo()


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
