from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import F, Sum
from django.utils.translation import gettext_lazy as _

from xiezuo.core.locale import localized
from xiezuo.core.scoping import Action, Scope
from xiezuo.ledgers.declare import (
    Column,
    Ledger,
    Money,
    Number,
    Section,
    pairing_column,
    region_column,
)
from xiezuo.projects.filters import ProjectFilter
from xiezuo.projects.forms import AdvanceForm, ProjectForm
from xiezuo.projects.models import BUDGET_FIELDS, Project

BUDGET_TOTAL = Sum(sum((F(f) for f in BUDGET_FIELDS[1:]), F(BUDGET_FIELDS[0])))


class ProjectLedger(Ledger):
    #: a complete row as an office in 临夏市 writes it: the template's example row, and
    #: what the checks every ledger passes enter by the form, a sheet and the API
    import_example = {
        "year": "2024",
        "region": "临夏市",
        "name": "折桥镇冷链仓储",
        "township": "折桥镇",
        "village": "大庄村",
        "sector": "产业",
        "budget_fiscal": "500",
        "beneficiaries": "300",
        "beneficiaries_poverty": "120",
    }
    model = Project
    form = ProjectForm
    filterset = ProjectFilter
    namespace = "projects"
    nav_order = 10
    group_label = _("项目资金")
    select_related = ("pairing__donor", "pairing__recipient", "region", "sector")
    ordering = ("-year", "region__code", "name")
    detail_template = "projects/detail.html"
    #: projects of one name in two villages (水果基地 in 苗儿村 and in 田江村) are two projects
    natural_key = ("year", "region", "township", "village", "name")
    columns = [
        Column("year"),
        Column("name", link=True),
        region_column(_("所在县")),
        Column("township", in_list=False),  # with the village, part of the natural key:
        Column("village", in_list=False),   # an export imports back onto the same projects
        Column("sector", render=lambda o: o.sector or "", fetch=("sector__name", "sector__name_en"),
               combine=localized),
        Column("status"),
        pairing_column(),
        Money("budget_fiscal", in_list=False),
        Money("budget_social", in_list=False),
        Money("budget_local", in_list=False),
        Money("budget_other", in_list=False),
        Money("budget_total", _("总投资"), aggregate=BUDGET_TOTAL, fetch=BUDGET_FIELDS,
              combine=lambda *budgets: sum((b or Decimal(0) for b in budgets), Decimal(0))),
        Number("beneficiaries", in_list=False),
        Number("beneficiaries_poverty", in_list=False),
        Number("jobs_created"),
        Column("donor_consent"),
    ]
    sections = [
        Section(_("基本情况"), ["year", "name", "pairing", "region", "township", "village",
                               "sector", "implementing_unit", "content", "planned_start",
                               "planned_finish", "asset_owner", "notes"]),
        Section(_("利益联结"), ["benefit_type", "benefit_mechanism", "beneficiaries",
                               "beneficiaries_poverty", "beneficiaries_monitored", "households",
                               "jobs_created"]),
    ]

    @classmethod
    def detail_context(cls, request: Any, obj: Any) -> dict[str, Any]:
        from xiezuo.funds import figures
        from xiezuo.funds.models import FundMovement

        movements: Any = FundMovement.objects.visible_to(request.user).filter(project=obj)
        scope = Scope.of(request.user)
        return {
            "money": figures.totals(movements),
            "movements": movements.order_by("date", "id")[:200],
            "timeline": _timeline(obj),
            "advance_form": AdvanceForm(initial={"to_status": obj.next_status}),
            "can_advance": (obj.next_status and scope.allows(Action.CHANGE)
                            and scope.covers(obj, Action.CHANGE)),
            "budget_lines": [(getattr(Project._meta.get_field(f), "verbose_name", f),
                              getattr(obj, f))
                             for f in BUDGET_FIELDS],
        }


def _timeline(project: Project) -> list[dict[str, Any]]:
    """Planned dates and the dated status changes, in the order they fall."""
    events: list[dict[str, Any]] = [
        {"date": t.date, "transition": t} for t in project.transitions.select_related("actor")]
    for day, label in ((project.planned_start, _("计划开工")),
                       (project.planned_finish, _("计划完工"))):
        if day:
            events.append({"date": day, "planned": label})
    return sorted(events, key=lambda e: (e["date"], "transition" in e))
