"""Changing the indicator catalogue: one transaction, one audit row with the fields
before and after, and the indicator's pre-aggregated figures rebuilt to its new definition."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from xiezuo.core import chain
from xiezuo.core.models import record_audit
from xiezuo.indicators import aggregates
from xiezuo.indicators.models import Indicator

FIELDS = ("code", "name", "name_en", "unit", "is_money", "side", "source", "aggregation",
          "value_field", "filters", "also", "parent", "period_type", "per_county",
          "valid_from", "valid_to", "sort_order", "description")


def snapshot(indicator: Indicator) -> dict[str, Any]:
    """The catalogue fields as the audit log stores them (all plain JSON values)."""
    return {f: getattr(indicator, f"{f}_id" if f == "parent" else f) for f in FIELDS}


def save_indicator(form: Any) -> Indicator:
    """Save a validated :class:`~xiezuo.indicators.forms.IndicatorForm`: in place, or as a
    new version from ``new_version_from`` (the old one then ends the year before)."""
    with transaction.atomic():
        start = form.cleaned_data.get("new_version_from")
        if form.instance.pk is None:
            indicator = form.save()
            record_audit(indicator, "create", {k: [None, v] for k, v in
                                               snapshot(indicator).items() if v not in
                                               (None, "", [], {})})
        elif start is not None:
            chain.hold()  # the audit chain's head before any row (core/chain.py)
            old = Indicator.objects.select_for_update().get(pk=form.instance.pk)
            before = snapshot(old)
            old.valid_to = start - 1
            old.save(update_fields=["valid_to"])
            record_audit(old, "update", {"valid_to": [before["valid_to"], start - 1]},
                         f"自 {start} 年起另立新版本")
            indicator = form.save(commit=False)
            indicator.pk = None
            indicator.valid_from = start
            indicator.save()
            record_audit(indicator, "create", {k: [None, v] for k, v in
                                               snapshot(indicator).items() if v not in
                                               (None, "", [], {})}, f"由 #{old.pk} 另立")
        else:
            before = snapshot(Indicator.objects.get(pk=form.instance.pk))
            indicator = form.save()
            after = snapshot(indicator)
            changes = {k: [before[k], after[k]] for k in FIELDS if before[k] != after[k]}
            if changes:
                record_audit(indicator, "update", changes)
        aggregates.rebuild([indicator])
    return indicator
