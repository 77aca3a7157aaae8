"""Archiving a region's report for an approved period (PDF and Word, kept as they were)."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from xiezuo.core.audit import Actor, acting_as
from xiezuo.indicators import compute as c
from xiezuo.situation import report
from xiezuo.situation.models import ArchivedReport

log = logging.getLogger(__name__)


def archive(region: Any, start: dt.date, end: dt.date,
            submission_ref: int | None = None, user: Any = None) -> ArchivedReport | None:
    """Generate the report of ``region`` (recipient side, every row in it) for
    ``start``–``end`` and store it; returns None (and logs) if it cannot be drawn."""
    period = report.span(start, end)
    try:
        data = report.build(c.region_subject(region), period)
        pdf, docx = report.pdf(data), report.docx(data)
    except Exception:
        log.exception("situation report for region %s %s–%s could not be drawn",
                      region.pk, start, end)
        return None
    name = f"{region.code}-{period.key}"
    with acting_as(user or Actor(None, "archive")), transaction.atomic():
        made = ArchivedReport(region=region, period_start=start, period_end=end,
                              generated_at=timezone.now(), submission_ref=submission_ref)
        made.pdf.save(f"{name}.pdf", ContentFile(pdf), save=False)
        made.docx.save(f"{name}.docx", ContentFile(docx), save=False)
        made.save()
    return made
