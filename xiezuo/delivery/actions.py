"""Changing one's notification preferences: one transaction, one audit row (the webhook's
key masked)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from xiezuo.core.audit import acting_as
from xiezuo.core.models import record_audit
from xiezuo.delivery.models import Preference, describe, mask_url


def save_preferences(user: Any, channels: dict[str, list[str]], webhook_url: str
                     ) -> tuple[Preference, bool]:
    """Store ``user``'s choice; returns the preference and whether anything changed."""
    with transaction.atomic(), acting_as(user):
        pref, _made = Preference.objects.select_for_update().get_or_create(user=user)
        changes: dict[str, list[Any]] = {}
        if describe(pref.channels) != describe(channels):
            changes["channels"] = [describe(pref.channels), describe(channels)]
        if pref.webhook_url != webhook_url:
            changes["webhook_url"] = [mask_url(pref.webhook_url), mask_url(webhook_url)]
        if changes:
            pref.channels, pref.webhook_url = describe(channels), webhook_url
            pref.save()
            record_audit(pref, "preferences", changes)
    return pref, bool(changes)
