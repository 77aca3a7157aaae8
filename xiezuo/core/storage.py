"""Uploaded files go through Django's storage API only (``default_storage`` or the field's
storage), never a path under MEDIA_ROOT: the store may be a volume shared by every app
server or an S3-compatible bucket (see docs/SCALE.md). A library that needs a file on disk
gets a temporary copy."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.db.models.fields.files import FieldFile


@contextmanager
def local_copy(stored: FieldFile) -> Iterator[Path]:
    """A temporary file on this machine holding ``stored``'s content, removed afterwards.
    The copy keeps the stored name's suffix (readers tell formats by it)."""
    name = stored.name or ""
    suffix = Path(name).suffix
    with tempfile.TemporaryDirectory(prefix="xiezuo-file-") as folder:
        path = Path(folder) / f"file{suffix}"
        with stored.storage.open(name, "rb") as source, path.open("wb") as target:
            shutil.copyfileobj(source, target, 1_048_576)
        yield path
