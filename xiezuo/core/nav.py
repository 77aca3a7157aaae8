"""What the left navigation is made of (the site's own list is ``xiezuo/nav.py``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.functional import Promise

from xiezuo.core.scoping import Action, Scope


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    action: Action | tuple[Action, ...] = Action.VIEW  # a tuple: any one of them will do
    staff_only: bool = False
    #: its place in the group (ledgers declare theirs: ``Ledger.nav_order``)
    order: int = 50

    def allowed(self, scope: Scope) -> bool:
        actions = self.action if isinstance(self.action, tuple) else (self.action,)
        return any(scope.allows(action) for action in actions)


@dataclass(frozen=True)
class NavGroup:
    label: str | Promise
    icon: str
    items: list[NavItem] = field(default_factory=list)
