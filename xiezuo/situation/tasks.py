"""Background jobs of the situation report (Django's Tasks interface)."""

from __future__ import annotations

import datetime as dt

from django_tasks import task


@task()
def archive_approved(region_id: int, start: str, end: str, submission_ref: int | None,
                     user_id: int | None) -> bool:
    """Archive the report of an approved period (PDF and Word): drawn by a worker, not in
    the approver's request. Returns whether it was drawn."""
    from xiezuo.accounts.models import User
    from xiezuo.regions.models import Region
    from xiezuo.situation import archive

    region = Region.objects.get(pk=region_id)
    user = User.objects.filter(pk=user_id).first() if user_id is not None else None
    made = archive.archive(region, dt.date.fromisoformat(start), dt.date.fromisoformat(end),
                           submission_ref, user)
    return made is not None
