"""Reports into the review queue: read the file, clean, extract, resolve region and pairing,
group duplicates.

Idempotent by content hash: the same bytes ingested twice give one report.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.core.files.base import ContentFile
from django.db import transaction

from xiezuo.news import dedup
from xiezuo.news.models import Report
from xiezuo.news.sources import UnreadableUpload, Upload, accepts, read_upload
from xiezuo.pairings.models import Pairing
from xiezuo.regions.models import Region

# The reader (its patterns, tables and OpenCC) loads when a report is read, not with the pages
# that import this module.
if TYPE_CHECKING:
    from xiezuo.news.extract import Reader

PUBLICATION = re.compile(r"发布时间|發布時間|发布日期|来源[:：]|^\s*\d{4}[-年/]")


@dataclass
class Outcome:
    created: list[Report] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (file name, reason)


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def known_reader() -> Reader:
    """The reader, told about the pairings the ledger holds."""
    from xiezuo.news.extract import Reader

    rows = Pairing.objects.filter(donor__isnull=False).values_list(
        "donor__code", "recipient__code", "start_date", "end_date")
    return Reader.default(pairings=[(d, r, s, e) for d, r, s, e in rows])


def headline(lines: Iterable[str]) -> str:
    """The first line that reads like a title (not the publication line)."""
    for line in lines:
        text = line.strip()
        if len(text) >= 6 and not PUBLICATION.search(text):
            return text[:300]
    return ""


def resolve(record: dict[str, Any]) -> tuple[Region | None, Pairing | None]:
    """The recipient region of the record and the pairing covering it on the record's date:
    the first recipient region with a pairing wins, else the first region found."""
    day = dt.date.fromisoformat(record["date"]) if record.get("date") else None
    first: Region | None = None
    for item in record.get("recipient_regions") or []:
        code = item.get("code") if isinstance(item, dict) else None
        if not code:
            continue
        regions: Any = Region.objects.filter(code=code)
        region = (regions.valid_on(day) if day else regions).first() or regions.first()
        if region is None:
            continue
        first = first or region
        if day is not None:
            pairing = Pairing.objects.covering(region, day).first()
            if pairing is not None:
                return region, pairing
    return first, None


def _document(report: Report) -> dedup.Document:
    return dedup.Document(str(report.pk), report.cleaned_text, report.record)


def assign_clusters(new: list[Report]) -> None:
    """Give each new report the cluster key of the reports it duplicates (the oldest one's
    key), or its own content hash."""
    if not new:
        return
    old = list(Report.objects.exclude(pk__in=[r.pk for r in new]).only(
        "pk", "cleaned_text", "record", "cluster_key"))
    by_pk = {str(r.pk): r for r in [*old, *new]}
    fresh = {str(r.pk) for r in new}
    for group in dedup.cluster([_document(r) for r in [*old, *new]]):
        members = [by_pk[d.key] for d in group]
        keys = [m.cluster_key for m in members if str(m.pk) not in fresh]
        key = keys[0] if keys else min(members, key=lambda m: m.pk).content_hash
        for member in members:
            if str(member.pk) in fresh and member.cluster_key != key:
                member.cluster_key = key
                member.save(update_fields=["cluster_key", "updated_at"])


def ingest_bytes(
    name: str, data: bytes, reader: Reader, given: Upload | None = None
) -> Report | None:
    """One report file into the queue; None when the same content is already there.

    A text file, a saved web page, a Word document or a PDF (``sources.read_upload``:
    ``UnreadableUpload`` for anything else); ``given`` overrides what the file says of its
    title, outlet, publication date and address (a pasted text has no file to say it)."""
    digest = content_hash(data)
    if Report.objects.filter(content_hash=digest).exists():
        return None
    upload = read_upload(name, data)
    if given is not None:
        upload = Upload(upload.text, given.title or upload.title, given.outlet or upload.outlet,
                        given.published or upload.published, given.url or upload.url)
    from xiezuo.news.clean import clean_text

    cleaned = clean_text(upload.text)
    record = reader.read(cleaned, upload.published)
    region, pairing = resolve(record)
    report = Report(
        file_name=Path(name.replace("\x00", "")).name[:200], content_hash=digest,
        title=(upload.title or headline(cleaned.simplified))[:300], outlet=upload.outlet[:100],
        published_on=upload.published, url=upload.url[:500],
        original_text=upload.text, cleaned_text=cleaned.text,
        record=record, event_date=record.get("date"), region=region, pairing=pairing,
        cluster_key=digest,
    )
    if Path(name).suffix.lower() != ".txt":  # the text was read out of it: keep the file too
        report.source_file = ContentFile(data, name=Path(name.replace("\x00", "")).name[-100:])
    report.save()
    return report


def ingest(items: Iterable[tuple[str, bytes]],
           progress: Callable[[int, str], None] | None = None,
           given: Upload | None = None) -> Outcome:
    """Ingest (name, bytes) pairs; ``progress(done, name)`` after each. A file that is no
    readable report is listed in ``refused`` with the reason; the others go in."""
    outcome = Outcome()
    reader = known_reader()
    with transaction.atomic():
        for done, (name, data) in enumerate(items, 1):
            try:
                report = ingest_bytes(name, data, reader, given)
            except UnreadableUpload as exc:
                outcome.refused.append((name, str(exc)))
                report = None
            else:
                if report is None:
                    outcome.skipped.append(name)
                else:
                    outcome.created.append(report)
            if progress is not None:
                progress(done, name)
        assign_clusters(outcome.created)
    return outcome


def report_files(directory: Path) -> list[Path]:
    """The report files of a folder (text, web pages, Word, PDF; annotation and pre-cleaned
    companions left out)."""
    return sorted(
        p for p in directory.iterdir()
        if p.is_file() and accepts(p.name) and not p.name.endswith(".clean.txt")
    )
