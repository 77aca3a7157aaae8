"""Backup and restore, round trip: the database (SQLite's online backup, PostgreSQL's
pg_dump — whichever the suite runs on; CI runs both) and the attachments, restored into an
empty database and an empty folder, give the same row counts, the same content of every
table and the same files; a damaged archive or a non-empty target is refused. The files are
read and written through Django's storage API: a second file system store stands in for a
remote (S3-compatible) one."""

import hashlib
import io
import shutil
import sqlite3
import tarfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.management import call_command
from django.db import connection

from xiezuo.core.backup import BackupError, backup, pg_connect, restore

pytestmark = pytest.mark.django_db(transaction=True)


def _tables_sqlite(conn) -> dict[str, tuple[int, str]]:
    out = {}
    names = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
    for t in sorted(names):
        rows = sorted(repr(r) for r in conn.execute(f'SELECT * FROM "{t}"'))
        out[t] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
    return out


def _tables_pg(db) -> dict[str, tuple[int, str]]:
    with pg_connect(db) as conn:
        names = [r[0] for r in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        return {t: conn.execute(
            f'SELECT COUNT(*), md5(COALESCE(string_agg(x::text, \'|\' ORDER BY x::text), \'\')) '
            f'FROM "{t}" x').fetchone() for t in sorted(names)}


def _files(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def data(demo):
    from django.contrib.contenttypes.models import ContentType

    from xiezuo.core.models import Attachment
    from xiezuo.projects import demo as projects_demo
    from xiezuo.projects.models import Project

    projects_demo.load()
    project = Project.objects.first()
    attachment = Attachment(content_type=ContentType.objects.get_for_model(Project),
                            object_id=str(project.pk), original_name="协议.pdf", size=22)
    attachment.file.save("协议.pdf", ContentFile(b"%PDF-1.4 evidence \x00\xff"), save=False)
    attachment.save()
    return attachment


def test_a_backup_restores_into_an_empty_database_and_folder(data, tmp_path) -> None:
    media = Path(settings.MEDIA_ROOT)
    archive = backup(tmp_path / "xiezuo.tar")
    restored_media = tmp_path / "media-restored"
    if connection.vendor == "sqlite":
        name = connection.settings_dict["NAME"]  # read without Django's type converters
        before = _tables_sqlite(sqlite3.connect(str(name), uri=str(name).startswith("file:")))
        target = {**settings.DATABASES["default"], "NAME": str(tmp_path / "restored.sqlite3")}
        restore(archive, target, FileSystemStorage(location=restored_media))
        after = _tables_sqlite(sqlite3.connect(str(target["NAME"])))
    else:
        db = connection.settings_dict
        before = _tables_pg(db)
        target = {**db, "NAME": f"{db['NAME']}_restore"}
        with pg_connect({**db, "NAME": "postgres"}) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{target["NAME"]}"')
            admin.execute(f'CREATE DATABASE "{target["NAME"]}"')
        try:
            restore(archive, target, FileSystemStorage(location=restored_media))
            after = _tables_pg(target)
        finally:
            with pg_connect({**db, "NAME": "postgres"}) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{target["NAME"]}"')
    assert before["core_attachment"][0] == 1 and before["projects_project"][0] > 0
    assert after == before  # every table: the same rows
    assert _files(restored_media) == _files(media) and _files(media)  # the same files


def test_a_damaged_archive_or_a_full_target_is_refused(data, tmp_path) -> None:
    archive = backup(tmp_path / "xiezuo.tar")
    # a target folder that already has files
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "x.txt").write_text("x")
    with pytest.raises(BackupError, match="not empty"):
        restore(archive, storage=FileSystemStorage(location=busy))
    # the platform's own database is not empty
    with pytest.raises(BackupError, match="not empty"):
        restore(archive, storage=FileSystemStorage(location=tmp_path / "empty"))
    # a member changed after the backup
    damaged = tmp_path / "damaged.tar"
    with tarfile.open(archive) as src, tarfile.open(damaged, "w") as dst:
        for member in src.getmembers():
            content = src.extractfile(member).read()
            if member.name.startswith("media/"):
                content = content + b"!"
                member.size = len(content)
            dst.addfile(member, io.BytesIO(content))
    with pytest.raises(BackupError, match="damaged"):
        restore(damaged, {**settings.DATABASES["default"],
                          "NAME": str(tmp_path / "never.sqlite3")},
                FileSystemStorage(location=tmp_path / "m2"))


def test_it_backs_up_and_restores_another_file_store(data, tmp_path) -> None:
    """A store that is no folder of this machine (here a second file system store standing
    in for an S3-compatible bucket) is read and written through the storage API alone: the
    archive holds its files, not MEDIA_ROOT's, and restore writes them back into it."""
    bucket = FileSystemStorage(location=tmp_path / "bucket")
    stored = {"transfer/2024/03/a.xlsx": b"PK\x03\x04 sheet", "reports/2024/报告.pdf": b"%PDF",
              "top.txt": b"top"}
    for name, content in stored.items():
        assert bucket.save(name, ContentFile(content)) == name
    archive = backup(tmp_path / "xiezuo.tar", storage=bucket)
    with tarfile.open(archive) as tar:
        media = {m.name.removeprefix("media/"): tar.extractfile(m).read()
                 for m in tar.getmembers() if m.name.startswith("media/")}
    assert media == stored  # the bucket's files, not those under MEDIA_ROOT
    assert data.file.name not in media
    # restore writes them into an empty store through the same API
    copy = FileSystemStorage(location=tmp_path / "bucket-restored")
    if connection.vendor == "sqlite":
        restore(archive, {**settings.DATABASES["default"],
                          "NAME": str(tmp_path / "restored.sqlite3")}, copy)
        restored = {}
        for name in stored:
            with copy.open(name) as handle:
                restored[name] = handle.read()
        assert restored == stored
    with pytest.raises(BackupError, match="not empty"):  # a store with files is refused
        restore(archive, {**settings.DATABASES["default"],
                          "NAME": str(tmp_path / "again.sqlite3")}, bucket)


def test_the_commands(data, tmp_path) -> None:
    out = io.StringIO()
    call_command("backup", str(tmp_path / "backups"), stdout=out)
    written = Path(out.getvalue().strip())
    assert written.exists() and written.parent == tmp_path / "backups"
    shutil.rmtree(tmp_path / "backups")
