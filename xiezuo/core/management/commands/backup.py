"""xiezuo backup [PATH]: the database and the uploaded files (read from the file store through
Django's storage API) in one archive (core/backup.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from xiezuo.core.backup import BackupError, backup


class Command(BaseCommand):
    help = ("Back up the database (SQLite online backup, PostgreSQL pg_dump) and the uploaded "
            "files of the file store (a folder or an S3-compatible bucket).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", default=str(settings.VAR_DIR / "backups"),
                            help="the archive to write, or a folder (default %(default)s)")

    def handle(self, *args: Any, **options: Any) -> None:
        target = Path(options["path"])
        if not target.suffix:
            target.mkdir(parents=True, exist_ok=True)
        try:
            written = backup(target)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(str(written))
