"""Receivers of the reporting chain's signals: thin, they hand the work to a background job."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction


def archive_on_approval(sender: Any, submission: Any, region: Any, period_start: dt.date,
                        period_end: dt.date, user: Any = None, **kwargs: Any) -> None:
    """Archive the county's report once the approval is committed, by a background job
    (drawing the PDF takes a while; an approval neither waits for it nor fails because a
    report could not be drawn)."""
    from xiezuo.situation.tasks import archive_approved

    ref = getattr(submission, "pk", submission)
    args = (region.pk, period_start.isoformat(), period_end.isoformat(),
            ref if isinstance(ref, int) else None, getattr(user, "pk", None))
    transaction.on_commit(lambda: archive_approved.enqueue(*args))
