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
        NavItem(_("社会结对"), "social:list"),
    ]),
    NavGroup(_("项目资金"), "money", [
        NavItem(_("援建项目"), "projects:list"),
        NavItem(_("资金概览"), "funds:overview"),
        NavItem(_("资金流水"), "funds:list"),
        NavItem(_("双方对账"), "funds:reconciliation"),
        NavItem(_("滞留资金"), "funds:idle"),
        NavItem(_("开放数据"), "opendata:index"),
    ]),
    NavGroup(_("干部人才"), "people", [
        NavItem(_("干部人才"), "people:cadres:list"),
        NavItem(_("组团式团队"), "people:teams:list"),
        NavItem(_("培训"), "people:trainings:list"),
        NavItem(_("干部人才统计"), "people:figures"),
    ]),
    NavGroup(_("劳务协作"), "labour", [
        NavItem(_("就业人员"), "labour:people:list"),
        NavItem(_("汇总数填报"), "labour:counts:list"),
        NavItem(_("培训基地"), "labour:bases:list"),
        NavItem(_("劳务协作统计"), "labour:figures"),
    ]),
    NavGroup(_("消费帮扶"), "cart", [
        NavItem(_("消费帮扶台账"), "consumption:list"),
    ]),
    NavGroup(_("产业协作"), "factory", [
        NavItem(_("招引企业"), "industry:enterprises:list"),
        NavItem(_("共建产业园区"), "industry:parks:list"),
    ]),
    NavGroup(_("会议协议"), "handshake", [
        NavItem(_("会议活动"), "meetings:meetings:list"),
        NavItem(_("签约协议"), "meetings:agreements:list"),
    ]),
    NavGroup(_("报送审核"), "inbox", [
        NavItem(_("我的待办"), "reporting:inbox"),
        NavItem(_("报送情况"), "reporting:list"),
        NavItem(_("报送事项"), "reporting:data_sets"),
        NavItem(_("任务清单"), "checklists:checklist"),
        NavItem(_("问题清单"), "checklists:problems:list"),
        NavItem(_("问题清零率"), "checklists:rates"),
        NavItem(_("走访记录"), "checklists:visits:list"),
        NavItem(_("月度情况报告"), "situation:report"),
    ]),
    NavGroup(_("报道采集"), "news", [
        NavItem(_("报道审核"), "news:queue"),
        NavItem(_("上传报道"), "news:upload", Action.ADD),
    ]),
    NavGroup(_("目标考核"), "target", [
        NavItem(_("指标看板"), "indicators:dashboard"),
        NavItem(_("年度目标"), "indicators:targets:list"),
        NavItem(_("手工汇总数"), "indicators:manual:list"),
        NavItem(_("指标目录"), "indicators:catalogue"),
        NavItem(_("考核方案"), "assessment:schemes"),
    ]),
    NavGroup(_("系统管理"), "gear", [
        NavItem(_("行政区划"), "regions:list"),
        NavItem(_("操作日志"), "core:audit"),
        NavItem(_("导入导出"), "transfer:jobs"),
        NavItem(_("用户与单位"), "admin:accounts_user_changelist", Action.MANAGE, True),
        NavItem(_("登录锁定"), "accounts:lockouts", Action.MANAGE),
    ]),
]
