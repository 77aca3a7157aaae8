"""The left navigation, grouped by work area. Each app adds its entries here."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from xiezuo.core.scoping import Action


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    action: Action = Action.VIEW
    staff_only: bool = False


@dataclass(frozen=True)
class NavGroup:
    label: str | Promise
    icon: str
    items: list[NavItem] = field(default_factory=list)


NAV: list[NavGroup] = [
    NavGroup(_("结对关系"), "link", [
        NavItem(_("结对列表"), "pairings:list"),
        NavItem(_("结对地图"), "pairings:map"),
        NavItem(_("新增结对"), "pairings:create", Action.MANAGE),
    ]),
    NavGroup(_("项目资金"), "money", [
        NavItem(_("援建项目"), "projects:list"),
        NavItem(_("资金概览"), "funds:overview"),
        NavItem(_("资金流水"), "funds:list"),
        NavItem(_("双方对账"), "funds:reconciliation"),
        NavItem(_("滞留资金"), "funds:idle"),
    ]),
    NavGroup(_("系统管理"), "gear", [
        NavItem(_("行政区划"), "regions:list"),
        NavItem(_("操作日志"), "core:audit"),
        NavItem(_("用户与单位"), "admin:accounts_user_changelist", Action.MANAGE, True),
    ]),
]
