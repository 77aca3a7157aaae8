"""The day the demo data is built for. The demo is relative to it: ongoing pairings run up to
its year, so a first look shows this year's targets and months rather than zeros; nothing is
dated after it. ``xiezuo demo`` takes it from the calendar (or ``--today``); tests pass a fixed
day."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def demo_today(today: dt.date | None = None) -> dt.date:
    """``today`` when given, else the local date."""
    return today if today is not None else timezone.localdate()

