from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from xiezuo.checklists.filters import ProblemFilter, TaskFilter, VisitFilter
from xiezuo.checklists.forms import ProblemForm, TaskForm, VisitForm
from xiezuo.checklists.models import (
    Problem,
    Task,
    TaskProgress,
    TaskState,
    Visit,
    problem_label,
    task_state,
    visit_label,
)
from xiezuo.ledgers.declare import (
    Column,
    Ledger,
    Number,
    Section,
    pairing_column,
    region_column,
)
from xiezuo.ledgers.inlines import Inline, child_count

GROUP = _("报送审核")


def _state_label(status: str, deadline: dt.date) -> str:
    return str(TaskState(task_state(status, deadline)).label)


def _agreement_label(title: str | None) -> str:
    return f"《{title}》" if title is not None else ""


def _visit_label(date: dt.date | None, visitor: str, household: str, project: str | None
                 ) -> str:
    return "" if date is None else visit_label(date, visitor, household, project)


class TaskLedger(Ledger):
    #: a complete row as an office in 临夏市 writes it: the template's example row, and
    #: what the checks every ledger passes enter by the form, a sheet and the API
    import_example = {
        "year": "2024",
        "title": "开通临夏—济南劳务协作专列",
        "owner_office": "临夏市东西部协作工作组",
        "deadline": "2024年6月30日",
        "status": "未开始",
        "region": "临夏市",
    }
    reported = False  # not work done: no monthly report owes it
    model = Task
    form = TaskForm
    filterset = TaskFilter
    namespace = "checklists:tasks"
    in_nav = False  # its page is the checklist (checklists:checklist)
    group_label = GROUP
    select_related = ("pairing__donor", "pairing__recipient", "region", "owner_office")
    ordering = ("deadline", "id")
    natural_key = ("year", "title", "deadline")
    dated_figures = True  # overdue
    detail_template = "checklists/task_detail.html"
    columns = [
        Column("year"),
        Column("title", link=True),
        Column("owner_office", render=lambda o: o.owner_office.name,
               fetch=("owner_office__name",)),
        Column("deadline"),
        Column("state", _("状态"), render=lambda o: o.get_state_display(),
               fetch=("status", "deadline"), combine=_state_label),
        Column("done_on"),
        Number("progress_count", _("进展（条）"), total=False, fetch=("progress_count",)),
        Column("source", in_list=False),
        Column("agreement", in_list=False, render=lambda o: o.agreement or "",
               fetch=("agreement__title",), combine=_agreement_label),
        Column("meeting", in_list=False, render=lambda o: o.meeting or "",
               fetch=("meeting__title",)),
        region_column(),
        pairing_column(),
        Column("description", in_list=False),
        Column("notes", in_list=False),
    ]
    sections = [
        Section(_("任务"), ["year", "title", "description", "owner_office", "deadline", "state",
                            "done_on", "source", "agreement", "meeting", "region", "pairing",
                            "notes"]),
    ]
    inlines = [Inline(TaskProgress, ("date", "note"), _("进展情况"), extra=2,
                      ordering=("date", "id"))]

    @classmethod
    def queryset(cls) -> Any:
        return super().queryset().select_related("agreement", "meeting").annotate(
            progress_count=child_count(TaskProgress, "task"))

    @classmethod
    def summary(cls, qs: Any) -> list[tuple[Any, Any, Any]]:
        from xiezuo.checklists.checklist import progress

        p = progress(qs)
        return [(_("任务总数"), p.total, None), (_("已完成"), p.done, None),
                (_("逾期"), p.overdue, None)]


class ProblemLedger(Ledger):
    #: a complete row as an office in 临夏市 writes it: the template's example row, and
    #: what the checks every ledger passes enter by the form, a sheet and the API
    import_example = {
        "description": "村卫生室常用药品不全",
        "source": "走访发现",
        "owner_office": "临夏市东西部协作工作组",
        "found_on": "2024年3月5日",
        "due_on": "2024年4月30日",
        "region": "临夏市",
    }
    reported = False  # not work done: no monthly report owes it
    model = Problem
    form = ProblemForm
    filterset = ProblemFilter
    namespace = "checklists:problems"
    nav_order = 20
    group_label = GROUP
    select_related = ("pairing__donor", "pairing__recipient", "region", "owner_office",
                      "visit")
    ordering = ("-found_on", "-id")
    natural_key = ("description", "found_on")
    detail_template = "checklists/problem_detail.html"
    columns = [
        Column("found_on"),
        Column("short", _("问题"), link=True, render=str, fetch=("description",),
               combine=problem_label),
        Column("source"),
        Column("owner_office", render=lambda o: o.owner_office.name,
               fetch=("owner_office__name",)),
        Column("due_on"),
        Column("cleared_on"),
        Column("description", in_list=False),
        Column("visit", render=lambda o: o.visit or "", in_list=False,
               fetch=("visit__date", "visit__visitor", "visit__household",
                      "visit__project__name"), combine=_visit_label),
        Column("clearing_note", in_list=False),
        region_column(),
        pairing_column(),
        Column("notes", in_list=False),
    ]
    sections = [
        Section(_("问题"), ["description", "source", "visit", "owner_office", "found_on",
                            "due_on", "region", "pairing", "notes"]),
        Section(_("清零"), ["cleared_on", "clearing_note"]),
    ]


class VisitLedger(Ledger):
    #: a complete row as an office in 临夏市 writes it: the template's example row, and
    #: what the checks every ledger passes enter by the form, a sheet and the API
    import_example = {
        "date": "2024年3月5日",
        "visitor": "马文",
        "household": "马某某",
        "village": "折桥镇大庄村",
        "findings": "家中一名劳动力有意外出务工",
        "region": "临夏市",
    }
    reported = False  # not work done: no monthly report owes it
    model = Visit
    form = VisitForm
    filterset = VisitFilter
    namespace = "checklists:visits"
    nav_order = 40
    group_label = GROUP
    select_related = ("pairing__donor", "pairing__recipient", "region", "visitor_office",
                      "project")
    ordering = ("-date", "-id")
    natural_key = ("date", "visitor", "household")
    detail_template = "checklists/visit_detail.html"
    columns = [
        Column("date", link=True),
        Column("visitor"),
        Column("visitor_office", render=lambda o: o.visitor_office or "",
               fetch=("visitor_office__name",)),
        Column("household"),
        Column("household_id_number", in_list=False),
        Column("household_phone", in_list=False),
        Column("village"),
        Column("project", render=lambda o: o.project or "", fetch=("project__name",)),
        Column("findings"),
        Number("problem_count", _("发现问题（个）"), fetch=("problem_count",)),
        region_column(),
        pairing_column(in_list=False),
        Column("notes", in_list=False),
    ]

    @classmethod
    def queryset(cls) -> Any:
        return super().queryset().annotate(problem_count=child_count(Problem, "visit"))

    @classmethod
    def detail_context(cls, request: Any, obj: Any) -> dict[str, Any]:
        raise_url = reverse("checklists:problems:create") + "?" + _raise_query(obj)
        return {"problems": Problem.objects.visible_to(request.user).filter(visit=obj)
                .select_related("owner_office"), "raise_url": raise_url}


def _raise_query(visit: Visit) -> str:
    """The problem form pre-filled from a visit (link kept)."""
    from urllib.parse import urlencode

    return urlencode({"visit": visit.pk, "source": "visit", "found_on": visit.date.isoformat(),
                      "region": visit.region.code, "pairing": visit.pairing_id,
                      "description": visit.findings,
                      "next": reverse("checklists:visits:detail", args=[visit.pk])})
