"""Reads from a real PostgreSQL streaming replica (xiezuo/core/dbrouter.py): a throwaway
primary and replica made by scripts/replica once per test session, on free loopback ports.

The router is pointed at the pair's two databases (aliases added for these tests); the
table read and written is content types' (no foreign keys), made on the primary and
streamed to the replica like any other."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connections
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from xiezuo.core import dbrouter
from xiezuo.core.dbrouter import (
    PIN_COOKIE,
    ReadYourWritesMiddleware,
    reads_from_replica,
    replica_reads,
    replica_usable,
)

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "replica"
PRIMARY, REPLICA = "xz_primary", "xz_replica"

pytestmark = pytest.mark.skipif(
    not (shutil.which("initdb") or glob.glob("/usr/lib/postgresql/*/bin/initdb")),
    reason="the PostgreSQL server binaries (initdb, pg_basebackup) are not installed")


@pytest.fixture(scope="session")
def replica_pair() -> Iterator[dict[str, Any]]:
    """scripts/replica pair in a temporary folder: the primary's and the replica's URLs."""
    folder = Path(tempfile.mkdtemp(prefix="xiezuo-replica-"))
    try:
        out = subprocess.run([str(SCRIPT), "pair", str(folder)], check=True, text=True,
                             capture_output=True, timeout=300).stdout
        urls = dict(line.split("=", 1) for line in out.split())
        yield {"dir": folder, "primary": urls["XIEZUO_DATABASE_URL"],
               "replica": urls["XIEZUO_REPLICA_URL"]}
    finally:
        subprocess.run([str(SCRIPT), "stop", str(folder)], check=False, timeout=120)
        shutil.rmtree(folder, ignore_errors=True)


def _alias_settings(url: str) -> dict[str, Any]:
    from xiezuo.settings import _postgres

    config = {**_postgres("url", url), "CONN_MAX_AGE": 0,
              "OPTIONS": {"connect_timeout": 2}, "TEST": {}}
    return connections.configure_settings({"default": config})["default"]


@pytest.fixture
def routed(replica_pair: dict[str, Any], settings: Any,
           django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    """The router sends writes to the pair's primary and replica reads to its replica; the
    content types table exists there, empty."""
    connections.settings[PRIMARY] = _alias_settings(replica_pair["primary"])
    connections.settings[REPLICA] = _alias_settings(replica_pair["replica"])
    settings.PRIMARY_DATABASE, settings.REPLICA_DATABASE = PRIMARY, REPLICA
    settings.REPLICA_CHECK_SECONDS = 0  # ask the replica on every read
    settings.REPLICA_MAX_LAG_BYTES = 0
    dbrouter.forget_health()
    with django_db_blocker.unblock():
        with connections[PRIMARY].cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS django_content_type")
        with connections[PRIMARY].schema_editor() as editor:
            editor.create_model(ContentType)
        caught_up()
        try:
            yield replica_pair
        finally:
            with connections[REPLICA].cursor() as cursor:
                cursor.execute("SELECT pg_wal_replay_resume()")
            for alias in (PRIMARY, REPLICA):
                connections[alias].close()
                del connections[alias]
                del connections.settings[alias]
            dbrouter.forget_health()


def caught_up() -> None:
    """Wait until the replica has replayed everything the primary wrote."""
    deadline = time.monotonic() + 60
    while dbrouter.lag(REPLICA)[1] > 0:
        assert time.monotonic() < deadline, "the replica did not catch up"
        time.sleep(0.05)


def pause_replay() -> None:
    with connections[REPLICA].cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_pause()")


@reads_from_replica
def names(request: HttpRequest) -> HttpResponse:
    """A view that opted in: the content types it reads, and from where."""
    rows = ContentType.objects.order_by("model")
    return HttpResponse(f"{rows.db}:{','.join(rows.values_list('model', flat=True))}")


def write(request: HttpRequest) -> HttpResponse:
    ContentType.objects.create(app_label="test", model=request.POST["model"])
    return HttpResponse("saved")


def test_reads_go_to_the_replica_and_writes_to_the_primary(routed) -> None:
    ContentType.objects.create(app_label="test", model="first")
    assert ContentType.objects.all().db == PRIMARY  # no opt-in: the primary
    caught_up()
    with CaptureQueriesContext(connections[REPLICA]) as on_replica:
        response = names(RequestFactory().get("/"))
    assert response.content.decode() == f"{REPLICA}:first"
    assert any("django_content_type" in q["sql"] for q in on_replica.captured_queries)
    with replica_reads():
        assert ContentType.objects.all().db == REPLICA
        assert ContentType.objects.select_for_update().db == PRIMARY  # read to change


def test_a_person_reads_their_own_write_at_once(routed, settings) -> None:
    pause_replay()  # the replica falls behind for as long as this test runs
    settings.REPLICA_MAX_LAG_BYTES = 1 << 40  # lag alone would not send reads home
    factory = RequestFactory()
    response = ReadYourWritesMiddleware(write)(factory.post("/", {"model": "mine"}))
    cookie = response.cookies[PIN_COOKIE]
    assert cookie["max-age"] == settings.REPLICA_PIN_SECONDS and cookie["httponly"]
    request = factory.get("/")
    request.COOKIES[PIN_COOKIE] = cookie.value
    assert names(request).content.decode() == f"{PRIMARY}:mine"  # their own write, at once
    # Someone else (no cookie) reads the replica, still behind: the row is not there yet.
    assert names(factory.get("/")).content.decode() == f"{REPLICA}:"
    # A GET leaves no cookie; a POST to a view that opted in reads the primary.
    assert PIN_COOKIE not in ReadYourWritesMiddleware(names)(factory.get("/")).cookies
    assert names(factory.post("/")).content.decode() == f"{PRIMARY}:mine"


def test_a_replica_behind_the_bound_is_left_for_the_primary(routed, settings) -> None:
    ContentType.objects.create(app_label="test", model="before")
    caught_up()
    assert replica_usable()
    pause_replay()
    ContentType.objects.create(app_label="test", model="after")
    _seconds, behind = dbrouter.lag(REPLICA)
    assert behind > 0
    assert not replica_usable()
    assert names(RequestFactory().get("/")).content.decode() == f"{PRIMARY}:after,before"
    settings.REPLICA_MAX_LAG_BYTES = behind  # within the bound: the replica again
    assert names(RequestFactory().get("/")).content.decode() == f"{REPLICA}:before"
    with connections[REPLICA].cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_resume()")
    caught_up()
    assert names(RequestFactory().get("/")).content.decode() == f"{REPLICA}:after,before"


@pytest.mark.parametrize("url", [
    "/indicators/dashboard/country/", "/indicators/dashboard/region/620000/",
    "/indicators/dashboard/pairing/1/", "/situation/", "/situation/export/pdf/",
    "/opendata/iati.xml", "/assessment/runs/1/export/pdf/", "/funds/export/csv/",
    "/projects/export/xlsx/", "/api/v1/regions/", "/api/v1/ledgers/funds/"])
def test_dashboards_exports_and_the_api_read_from_the_replica(url) -> None:
    from django.urls import resolve

    assert getattr(resolve(url).func, "reads_from_replica", False), url


def test_the_check_is_cached_between_reads(routed, settings) -> None:
    settings.REPLICA_CHECK_SECONDS = 3600
    dbrouter.forget_health()
    with CaptureQueriesContext(connections[REPLICA]) as checks:
        for _ in range(5):
            assert replica_usable()
    assert len(checks.captured_queries) == 1


def test_a_replica_that_is_down_is_left_for_the_primary(routed) -> None:
    ContentType.objects.create(app_label="test", model="kept")
    caught_up()
    connections[REPLICA].close()
    as_owner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    subprocess.run([*as_owner, _pg_ctl(), "-D", str(routed["dir"] / "replica"), "-m", "fast",
                    "-w", "stop"], check=True, capture_output=True, timeout=120)
    try:
        assert not replica_usable()
        assert names(RequestFactory().get("/")).content.decode() == f"{PRIMARY}:kept"
    finally:
        subprocess.run([str(SCRIPT), "start", str(routed["dir"])], check=True,
                       capture_output=True, timeout=120)
    dbrouter.forget_health()
    deadline = time.monotonic() + 60
    while not replica_usable():  # back once it has replayed what it missed
        assert time.monotonic() < deadline, "the replica did not come back"
        dbrouter.forget_health()
        time.sleep(0.1)
    assert names(RequestFactory().get("/")).content.decode() == f"{REPLICA}:kept"


def _pg_ctl() -> str:
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"),
                      key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    return versions[-1] if versions else shutil.which("pg_ctl") or "pg_ctl"
