from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import template
from django.template.defaultfilters import date as date_filter
from django.utils.html import conditional_escape, format_html
from django.utils.translation import gettext as _

from xiezuo.core.money import Unit, format_amount, symbol

register = template.Library()


def _user_unit(context: dict[str, Any]) -> str:
    request = context.get("request")
    user = getattr(request, "user", None)
    return getattr(user, "money_unit", "") or Unit.WAN


@register.simple_tag(takes_context=True)
def money(context: dict[str, Any], value: Decimal | None, unit: str = "", bare: bool = False,
          **_ignored: Any) -> str:
    """An amount, exact to the fen, in ``unit`` or the user's chosen unit (万元 by default).
    ``bare=True`` leaves the unit out (when the column header carries it)."""
    return format_amount(value, unit or _user_unit(context), with_unit=not bare)


@register.simple_tag(takes_context=True)
def history_rows(context: dict[str, Any], entries: Any) -> list[Any]:
    """Audit entries with their changes as a person reads them (``core/history.py``)."""
    from xiezuo.core.history import readable

    return readable(entries, _user_unit(context))


@register.simple_tag(takes_context=True)
def money_unit(context: dict[str, Any], unit: str = "") -> str:
    """The symbol of ``unit``, or of the user's unit when none is fixed."""
    return symbol(unit or _user_unit(context))


@register.filter
def percent(value: Decimal | float | None, places: int = 1) -> str:
    if value is None:
        return "—"
    return f"{Decimal(value) * 100:.{places}f}%"


@register.filter
def cell(value: Any) -> Any:
    """A value as a table cell shows it: dates in the locale's long form, booleans as words."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, dt.datetime):
        return date_filter(value, "Y-m-d H:i")
    if isinstance(value, dt.date):
        return date_filter(value)
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10_000:
        return f"{value:,}"
    return value


@register.simple_tag
def sort_header(listing: Any, key: str, label: Any, suffix: str = "") -> str:
    """A column's header: a link sorting the list by ``key`` (the other way when it is the
    sort in force, with an arrow saying which way), or the plain label when the column is not
    sortable (``xiezuo.core.listing``); ``suffix``: a unit, shown in brackets."""
    if suffix:
        label = format_html("{}（{}）", label, suffix)
    if not listing or key not in getattr(listing, "sortable", ()):
        return conditional_escape(label)
    query, direction = listing.sort_link(key)
    arrow = {"asc": "▲", "desc": "▼"}.get(direction, "")
    title = {"asc": _("升序，点击改为降序"), "desc": _("降序，点击改为升序")}.get(
        direction, _("点击按此列排序"))
    return format_html('<a class="sort{}" href="?{}" title="{}" data-sort="{}">{}{}</a>',
                       f" sort-{direction}" if direction else "", query, title, key, label,
                       format_html('<span class="sort-arrow" aria-hidden="true"> {}</span>',
                                   arrow) if arrow else "")
