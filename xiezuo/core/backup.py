"""Backup and restore: the database and the uploaded files in one archive.

``xiezuo backup [PATH]`` writes one tar file holding

- ``manifest.json`` — when, which database engine, the row count of every table, and the
  size and SHA-256 of every other member;
- ``database.sqlite3`` (SQLite: the online backup API, a consistent copy while the platform
  runs) or ``database.dump`` (PostgreSQL: ``pg_dump --format=custom``, one snapshot);
- ``media/…`` — every uploaded and generated file (attachments, archived reports), read
  through Django's storage API from the file store the platform uses (``default_storage``:
  the folder under MEDIA_ROOT, a volume every server mounts, or an S3-compatible bucket),
  streamed into the archive without a copy on this machine.

The manifest is the archive's last member (the files' digests are taken as they are
written). ``xiezuo restore PATH`` puts them back into an *empty* database and an empty file
store (it refuses a database that has tables, or a store with files, so nothing is overwritten),
checks every member against the manifest, and compares the row counts. Keep the archive
apart from the server; the secret key and the audit key (``XIEZUO_SECRET_KEY``,
``XIEZUO_AUDIT_KEY``) are not in it and must be kept as safely.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.db import DEFAULT_DB_ALIAS, connections

MANIFEST = "manifest.json"
FORMAT = 1


class BackupError(Exception):
    pass


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _pg_env(db: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    args = []
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def pg_connect(db: dict[str, Any]) -> Any:
    import psycopg

    return psycopg.connect(dbname=str(db["NAME"]), host=db.get("HOST") or None,
                           port=db.get("PORT") or None, user=db.get("USER") or None,
                           password=db.get("PASSWORD") or None, autocommit=True)


def pg_counts(db: dict[str, Any]) -> dict[str, int]:
    """Every table's row count in the database's public schema."""
    with pg_connect(db) as conn:
        tables = [r[0] for r in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")]
        return {t: conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}


def stored_files(storage: Storage, folder: str = "") -> Iterator[str]:
    """The name of every file in ``storage`` (under ``folder``), folders walked in order."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # a file system store whose folder was never made
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for name in sorted(folders):
        yield from stored_files(storage, f"{folder}/{name}" if folder else name)


class _Digest:
    """A file read once: into the archive, and through SHA-256 on the way."""

    def __init__(self, handle: IO[bytes]) -> None:
        self.handle, self.sha256 = handle, hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        block = self.handle.read(size)
        self.sha256.update(block)
        return block


def backup(destination: Path, using: str = DEFAULT_DB_ALIAS,
           storage: Storage | None = None) -> Path:
    """Write the archive to ``destination`` (a file, or a folder to name one in): the
    database ``using`` and every file of ``storage`` (default: the platform's file store)."""
    store = storage if storage is not None else default_storage
    if destination.is_dir():
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        destination = destination / f"xiezuo-backup-{stamp}.tar"
    connection = connections[using]
    with tempfile.TemporaryDirectory(prefix="xiezuo-backup-") as tmp:
        work = Path(tmp)
        if connection.vendor == "sqlite":
            db_file = work / "database.sqlite3"
            connection.ensure_connection()
            target = sqlite3.connect(db_file)
            try:
                connection.connection.backup(target)  # the online backup API
            finally:
                target.close()
            counts = _sqlite_counts(db_file)
        elif connection.vendor == "postgresql":
            db_file = work / "database.dump"
            db = connection.settings_dict
            args, env = _pg_env(db)
            _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges",
                  "--file", str(db_file), *args, str(db["NAME"])], env)
            counts = pg_counts(db)
        else:
            raise BackupError(f"no backup for the {connection.vendor} database")
        files = {db_file.name: {"size": db_file.stat().st_size, "sha256": _sha256(db_file)}}
        destination.parent.mkdir(parents=True, exist_ok=True)
        partial = destination.with_name(destination.name + ".partial")
        try:
            with tarfile.open(partial, "w") as tar:
                tar.add(db_file, arcname=db_file.name, recursive=False)
                for name in stored_files(store):
                    files[f"media/{name}"] = _add_stored(tar, store, name)
                manifest = {
                    "format": FORMAT, "created": dt.datetime.now(dt.UTC).isoformat(),
                    "engine": connection.vendor, "tables": counts, "files": files,
                }
                data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        partial.replace(destination)  # a backup is there whole or not at all
    return destination


def _add_stored(tar: tarfile.TarFile, store: Storage, name: str) -> dict[str, Any]:
    """Stream the stored file ``name`` into ``tar`` as ``media/<name>``; its size and digest."""
    info = tarfile.TarInfo(f"media/{name}")
    info.size = store.size(name)
    try:
        info.mtime = int(store.get_modified_time(name).timestamp())
    except NotImplementedError:  # a store that keeps no times
        info.mtime = int(dt.datetime.now(dt.UTC).timestamp())
    with store.open(name, "rb") as handle:
        reader = _Digest(handle)
        try:
            tar.addfile(info, reader)  # read() is all tar asks of it
        except OSError as exc:  # shorter than its size said: it changed while being read
            raise BackupError(f"the stored file {name} changed during the backup: {exc}") \
                from exc
    return {"size": info.size, "sha256": reader.sha256.hexdigest()}


def _sqlite_counts(path: Path) -> dict[str, int]:
    db = sqlite3.connect(path)
    try:
        tables = [r[0] for r in db.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name")]
        return {t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        db.close()


def _sqlite_counts_uri(uri: str) -> dict[str, int]:
    db = sqlite3.connect(uri, uri=uri.startswith("file:"))
    try:
        tables = [r[0] for r in db.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
        return {t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        db.close()


def _run(argv: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{argv[0]} failed: {result.stderr.strip()[-2000:]}")


def read_manifest(archive: Path) -> dict[str, Any]:
    with tarfile.open(archive, "r") as tar:
        member = tar.extractfile(MANIFEST)
        if member is None:
            raise BackupError(f"{archive} is not a xiezuo backup (no {MANIFEST})")
        manifest: dict[str, Any] = json.loads(member.read())
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{archive}: unknown backup format {manifest.get('format')!r}")
    return manifest


def restore(archive: Path, database: dict[str, Any] | None = None,
            storage: Storage | None = None) -> dict[str, Any]:
    """Restore ``archive`` into an empty database (``database``: a ``DATABASES`` entry,
    default the platform's own) and an empty file store (``storage``, default the
    platform's); every member is checked against the manifest first, the row counts after.
    Returns the manifest."""
    manifest = read_manifest(archive)
    db = database or connections[DEFAULT_DB_ALIAS].settings_dict
    vendor = "sqlite" if "sqlite" in str(db["ENGINE"]) else "postgresql"
    store = storage if storage is not None else default_storage
    if next(stored_files(store), None) is not None:
        raise BackupError(f"the file store {_where(store)} is not empty: restore needs an "
                          "empty one")
    if manifest["engine"] != vendor:
        raise BackupError(f"the backup is of a {manifest['engine']} database, the target "
                          f"is {vendor}")
    with tempfile.TemporaryDirectory(prefix="xiezuo-restore-") as tmp:
        work = Path(tmp)
        with tarfile.open(archive, "r") as tar:
            tar.extractall(work, filter="data")
        for name, expected in manifest["files"].items():
            path = work / name
            if not path.is_file() or _sha256(path) != expected["sha256"]:
                raise BackupError(f"{archive}: {name} is missing or damaged")
        if vendor == "sqlite":
            name = str(db["NAME"])
            if name.startswith("file:") or name == ":memory:":
                if _sqlite_counts_uri(name):
                    raise BackupError("the database is not empty: restore needs an empty one")
                raise BackupError("restore needs a database file, not an in-memory database")
            target = Path(name)
            if target.exists() and _sqlite_counts(target):
                raise BackupError(f"the database {target} is not empty: restore needs an "
                                  "empty one")
            for alias in connections:  # the platform's own connection to it, if open
                if connections[alias].settings_dict.get("NAME") == db["NAME"]:
                    connections[alias].close()
            shutil.copyfile(work / "database.sqlite3", target)
            counts = _sqlite_counts(target)
        else:
            if pg_counts(db):
                raise BackupError(f"the database {db['NAME']} is not empty: restore needs an "
                                  "empty one")
            args, env = _pg_env(db)
            _run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error",
                  "--single-transaction", "--dbname", str(db["NAME"]), *args,
                  str(work / "database.dump")], env)
            counts = pg_counts(db)
        if counts != manifest["tables"]:
            different = sorted(t for t in set(counts) | set(manifest["tables"])
                               if counts.get(t) != manifest["tables"].get(t))
            raise BackupError(f"row counts differ after restore: {', '.join(different)}")
        for member in manifest["files"]:
            if member.startswith("media/"):
                name = member.removeprefix("media/")
                with (work / member).open("rb") as handle:
                    saved = store.save(name, File(handle, name=name))
                if saved != name:
                    raise BackupError(f"the file store kept {name} as {saved}")
    return manifest


def _where(store: Storage) -> str:
    """The store as an operator knows it: its folder, else its class."""
    return str(getattr(store, "location", "") or type(store).__name__)
