from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from xiezuo.core.money import format_amount
from xiezuo.core.templatetags.xiezuo import _user_unit
from xiezuo.indicators.models import unit_label

register = template.Library()


@register.simple_tag(takes_context=True)
def figure(context: dict[str, Any], value: Decimal | None, indicator: Any,
           bare: bool = False) -> str:
    """An indicator's value with its unit: money in the user's unit, counts as whole
    numbers."""
    if value is None:
        return "—"
    if indicator.is_money:
        return format_amount(value, _user_unit(context), with_unit=not bare)
    number = Decimal(value)
    text = f"{number:,.0f}" if number == number.to_integral_value() else f"{number:,.2f}"
    return text if bare else f"{text} {unit_label(indicator.unit)}"


@register.filter
def signed_percent(value: Decimal | None) -> str:
    if value is None:
        return "—"
    return f"{Decimal(value) * 100:+.1f}%"
