"""The left navigation, grouped by work area, and the page shell's context.

Pages that are not ledgers are listed here; every declared ledger (``ledgers/declare.py``)
adds its own entry under its ``group_label``, at its ``nav_order``, so a new ledger appears
without a line here. A ledger whose work area is not listed opens a group of its own.
"""

from __future__ import annotations

import functools
from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, get_script_prefix, reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from xiezuo.core.money import Unit
from xiezuo.core.nav import NavGroup, NavItem
from xiezuo.core.scoping import Action, Scope
from xiezuo.ledgers.declare import declared_ledgers

#: the work areas and the pages that are not ledgers, each at its place in its group
PAGES: list[NavGroup] = [
    NavGroup(_("结对关系"), "link", [
        NavItem(_("结对列表"), "pairings:list", order=10),
        NavItem(_("结对地图"), "pairings:map", order=20),
        NavItem(_("新增结对"), "pairings:create", Action.MANAGE, order=30),
    ]),
    NavGroup(_("项目资金"), "money", [
        NavItem(_("资金概览"), "funds:overview", order=20),
        NavItem(_("双方对账"), "funds:reconciliation", order=40),
        NavItem(_("滞留资金"), "funds:idle", order=50),
        NavItem(_("开放数据"), "opendata:index", order=60),
    ]),
    NavGroup(_("干部人才"), "people", [
        NavItem(_("干部人才统计"), "people:figures", order=40),
    ]),
    NavGroup(_("劳务协作"), "labour", [
        NavItem(_("劳务协作统计"), "labour:figures", order=40),
    ]),
    NavGroup(_("消费帮扶"), "cart", []),
    NavGroup(_("产业协作"), "factory", []),
    NavGroup(_("会议协议"), "handshake", []),
    NavGroup(_("报送审核"), "inbox", [
        NavItem(_("我的待办"), "reporting:inbox", order=1),
        NavItem(_("报送情况"), "reporting:list", order=2),
        NavItem(_("报送事项"), "reporting:data_sets", order=3),
        NavItem(_("上报率"), "reporting:rates", order=4),
        NavItem(_("通知公告"), "notices:list", order=5),
        NavItem(_("数据质量"), "reporting:quality", order=6),
        NavItem(_("数据质量规则"), "reporting:quality_rules", order=7),
        NavItem(_("任务清单"), "checklists:checklist", order=10),
        NavItem(_("问题清零率"), "checklists:rates", order=30),
        NavItem(_("月度情况报告"), "situation:report", order=50),
    ]),
    NavGroup(_("报道采集"), "news", [
        NavItem(_("报道审核"), "news:queue", order=10),
        NavItem(_("上传报道"), "news:upload", order=20, may="xiezuo.news.actions.may_upload"),
    ]),
    NavGroup(_("目标考核"), "target", [
        NavItem(_("指标看板"), "indicators:dashboard", order=10),
        NavItem(_("指标目录"), "indicators:catalogue", order=40),
        NavItem(_("考核方案"), "assessment:schemes", order=50),
    ]),
    NavGroup(_("系统管理"), "gear", [
        NavItem(_("行政区划"), "regions:list", order=10),
        NavItem(_("操作日志"), "core:audit", order=20, may="xiezuo.core.views.may_read_audit"),
        NavItem(_("导入导出"), "transfer:jobs", order=30),
        NavItem(_("导入本单位表格"), "sheets:start", Action.ADD, order=35),
        NavItem(_("用户管理"), "accounts:users", Action.MANAGE, order=38),
        NavItem(_("用户与单位"), "admin:accounts_user_changelist", Action.MANAGE, True, order=40),
        NavItem(_("登录锁定"), "accounts:lockouts", Action.MANAGE, order=50),
        NavItem(_("送达记录"), "delivery:deliveries", order=60,
                may="xiezuo.delivery.views.may_see_deliveries"),
    ]),
]


@functools.cache
def groups() -> list[NavGroup]:
    """The navigation: the pages above and every declared ledger, each group in order."""
    items: dict[str, list[NavItem]] = {str(g.label): list(g.items) for g in PAGES}
    made = list(PAGES)
    for ledger in declared_ledgers().values():
        if not ledger.in_nav:
            continue
        key = str(ledger.group_label or ledger.model._meta.app_config.verbose_name)
        if key not in items:
            items[key] = []
            made.append(NavGroup(key, "list"))
        items[key].append(NavItem(ledger.menu_label(), ledger.url_name("list"),
                                  order=ledger.nav_order))
    return [NavGroup(g.label, g.icon, sorted(items[str(g.label)], key=lambda i: i.order))
            for g in made]


#: a group's label and icon, and its entries: the item, its address, its label
Menu = list[tuple[str, str, list[tuple[NavItem, str, str]]]]


@functools.cache
def _menu(language: str | None, prefix: str) -> Menu:
    """The navigation with every address reversed and every label translated into
    ``language`` (the active one) under the script ``prefix``: made once, not on every page
    (the reversing and translating were a tenth of a list page's time)."""
    menu: Menu = []
    for group in groups():
        entries = []
        for item in group.items:
            try:
                url = reverse(item.url_name)
            except NoReverseMatch:
                continue
            entries.append((item, url, str(item.label)))
        menu.append((str(group.label), group.icon, entries))
    return menu


ACTIVE = ' class="active" aria-current="page"'


def _nav_html(shown: list[dict[str, Any]]) -> SafeString:
    """The side navigation's groups as HTML (the page shell shows them as they are)."""
    parts = []
    for group in shown:
        links = "".join(
            f'<a href="{escape(i["url"])}"{ACTIVE if i["active"] else ""}>'
            f'{escape(i["label"])}</a>' for i in group["items"])
        parts.append(f'<div class="nav-group"><div class="nav-title">{escape(group["label"])}'
                     f'</div>\n      {links}\n    </div>')
    return mark_safe("\n    ".join(parts))  # every label and address escaped above


def shell(request: HttpRequest) -> dict[str, Any]:
    """The page shell: navigation the user may use, and the user's office and role."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    scope = Scope.of(user)
    shown: list[dict[str, Any]] = []
    for label, icon, items in _menu(get_language(), get_script_prefix()):
        entries: list[dict[str, Any]] = [
            {"label": text, "url": url, "active": False} for item, url, text in items
            if item.allowed(scope, user) and not (item.staff_only and not user.is_staff)]
        if entries:
            shown.append({"label": label, "icon": icon, "items": entries})
    # The one entry whose address is the longest prefix of this page is the current one.
    matching = [i for g in shown for i in g["items"] if request.path.startswith(i["url"])]
    if matching:
        max(matching, key=lambda i: len(i["url"]))["active"] = True
    return {"nav_groups": shown, "nav_html": _nav_html(shown), "user_scope": scope,
            "money_units": Unit.choices}
