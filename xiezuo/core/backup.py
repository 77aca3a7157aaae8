"""Backup and restore: the database and the attachments (MEDIA files) in one archive.

``xiezuo backup [PATH]`` writes one tar file holding

- ``manifest.json`` — when, which database engine, the row count of every table, and the
  size and SHA-256 of every other member;
- ``database.sqlite3`` (SQLite: the online backup API, a consistent copy while the platform
  runs) or ``database.dump`` (PostgreSQL: ``pg_dump --format=custom``, one snapshot);
- ``media/…`` — every uploaded and generated file (attachments, archived reports).

``xiezuo restore PATH`` puts them back into an *empty* database and an empty media folder
(it refuses a database that has tables, or a folder with files, so nothing is overwritten),
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
from pathlib import Path
from typing import Any

from django.conf import settings
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


def backup(destination: Path, using: str = DEFAULT_DB_ALIAS,
           media_root: Path | None = None) -> Path:
    """Write the archive to ``destination`` (a file, or a folder to name one in)."""
    media = Path(media_root or settings.MEDIA_ROOT)
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
        members = {db_file.name: db_file}
        files = sorted(p for p in media.rglob("*") if p.is_file()) if media.exists() else []
        for path in files:
            members[f"media/{path.relative_to(media).as_posix()}"] = path
        manifest = {
            "format": FORMAT, "created": dt.datetime.now(dt.UTC).isoformat(),
            "engine": connection.vendor, "tables": counts,
            "files": {name: {"size": p.stat().st_size, "sha256": _sha256(p)}
                      for name, p in members.items()},
        }
        destination.parent.mkdir(parents=True, exist_ok=True)
        partial = destination.with_name(destination.name + ".partial")
        with tarfile.open(partial, "w") as tar:
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
            for name, path in members.items():
                tar.add(path, arcname=name, recursive=False)
        partial.replace(destination)  # a backup is there whole or not at all
    return destination


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
            media_root: Path | None = None) -> dict[str, Any]:
    """Restore ``archive`` into an empty database (``database``: a ``DATABASES`` entry,
    default the platform's own) and the empty media folder; every member is checked against
    the manifest first, the row counts after. Returns the manifest."""
    manifest = read_manifest(archive)
    db = database or connections[DEFAULT_DB_ALIAS].settings_dict
    vendor = "sqlite" if "sqlite" in str(db["ENGINE"]) else "postgresql"
    media = Path(media_root or settings.MEDIA_ROOT)
    if media.exists() and any(p.is_file() for p in media.rglob("*")):
        raise BackupError(f"the media folder {media} is not empty: restore needs an empty one")
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
        if (work / "media").exists():
            media.mkdir(parents=True, exist_ok=True)
            shutil.copytree(work / "media", media, dirs_exist_ok=True)
    return manifest
