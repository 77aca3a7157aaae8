from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from xiezuo.core.money import Unit
from xiezuo.core.nav import NAV
from xiezuo.core.scoping import Scope


def shell(request: HttpRequest) -> dict[str, Any]:
    """The page shell: navigation the user may use, and the user's office and role."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    scope = Scope.of(user)
    groups: list[dict[str, Any]] = []
    for group in NAV:
        items: list[dict[str, Any]] = []
        for item in group.items:
            if not item.allowed(scope) or (item.staff_only and not user.is_staff):
                continue
            try:
                url = reverse(item.url_name)
            except NoReverseMatch:
                continue
            items.append({"label": item.label, "url": url, "active": False})
        if items:
            groups.append({"label": group.label, "icon": group.icon, "items": items})
    # The one entry whose address is the longest prefix of this page is the current one.
    matching = [i for g in groups for i in g["items"] if request.path.startswith(i["url"])]
    if matching:
        max(matching, key=lambda i: len(i["url"]))["active"] = True
    return {"nav_groups": groups, "user_scope": scope, "money_units": Unit.choices}
