from __future__ import annotations

from typing import Any

from django import template

from xiezuo.checklists.models import Task

register = template.Library()


@register.simple_tag
def tasks_from(source: Any, user: Any) -> Any:
    """The tasks made from an agreement or a meeting, through the user's scope."""
    field = "agreement" if source._meta.model_name == "agreement" else "meeting"
    return Task.objects.visible_to(user).filter(**{field: source}).select_related(
        "owner_office").order_by("deadline", "id")


@register.filter
def source_kind(source: Any) -> str:
    return "agreement" if source._meta.model_name == "agreement" else "meeting"
