"""Changing an assessment scheme: one transaction, the scheme's own audit row (field by
field, from ``AuditedModel.save``) and one row listing what happened to its items."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from xiezuo.assessment.forms import SchemeForm
from xiezuo.assessment.models import Item, Scheme
from xiezuo.core.models import record_audit


def _item_text(item: Item) -> str:
    extra = item.describe("yuan")
    return f"{item.indicator} · {item.get_rule_display()} · {item.weight} {extra}".strip()


def save_scheme(form: SchemeForm, items: Any) -> Scheme:
    """Save a validated scheme form and its item formset together."""
    with transaction.atomic():
        before = {i.pk: _item_text(i) for i in Item.objects.filter(
            scheme_id=form.instance.pk).select_related("indicator")} if form.instance.pk else {}
        scheme = form.save()
        items.instance = scheme
        items.save()
        after = {i.pk: _item_text(i) for i in scheme.items.select_related("indicator")}
        changes: dict[str, list[Any]] = {}
        for pk in sorted(set(before) | set(after)):
            if before.get(pk) != after.get(pk):
                changes[f"考核指标 #{pk}"] = [before.get(pk), after.get(pk)]
        if changes:
            record_audit(scheme, "update", changes, "考核指标")
    return scheme
