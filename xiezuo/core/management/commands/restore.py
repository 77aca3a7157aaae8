"""xiezuo restore ARCHIVE: put a backup back into an empty database and an empty file store."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from xiezuo.core.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore a backup into an empty database and an empty file store."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = restore(Path(options["archive"]))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["tables"].values())
        files = sum(1 for name in manifest["files"] if name.startswith("media/"))
        self.stdout.write(f"restored {len(manifest['tables'])} tables ({rows} rows) and "
                          f"{files} files from {options['archive']}")
