"""Receivers of the reporting chain's signals: thin, they call :mod:`archive`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction


def archive_on_approval(sender: Any, submission: Any, region: Any, period_start: dt.date,
                        period_end: dt.date, user: Any = None, **kwargs: Any) -> None:
    """Archive the county's report once the approval is committed (the PDF takes a moment,
    and an approval must not fail because a report could not be drawn)."""
    from xiezuo.situation import archive

    ref = getattr(submission, "pk", submission)
    transaction.on_commit(lambda: archive.archive(region, period_start, period_end,
                                                  ref if isinstance(ref, int) else None, user))
