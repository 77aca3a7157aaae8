"""What the left navigation is made of (the site's own list is ``xiezuo/nav.py``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.functional import Promise

from xiezuo.core.scoping import Action


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    action: Action = Action.VIEW
    staff_only: bool = False
    #: its place in the group (ledgers declare theirs: ``Ledger.nav_order``)
    order: int = 50


@dataclass(frozen=True)
class NavGroup:
    label: str | Promise
    icon: str
    items: list[NavItem] = field(default_factory=list)
