"""What the left navigation is made of (the site's own list is ``xiezuo/nav.py``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.module_loading import import_string

from xiezuo.core.scoping import Action, Scope


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    action: Action | tuple[Action, ...] = Action.VIEW  # a tuple: any one of them will do
    staff_only: bool = False
    #: its place in the group (ledgers declare theirs: ``Ledger.nav_order``)
    order: int = 50
    #: the dotted path of the check the page's view itself makes (``may_upload(user)``):
    #: the entry is shown to whom the page opens for, by the one rule
    may: str = ""

    def allowed(self, scope: Scope, user: Any = None) -> bool:
        if self.may:
            return bool(import_string(self.may)(user))
        actions = self.action if isinstance(self.action, tuple) else (self.action,)
        return any(scope.allows(action) for action in actions)


@dataclass(frozen=True)
class NavGroup:
    label: str | Promise
    icon: str
    items: list[NavItem] = field(default_factory=list)
