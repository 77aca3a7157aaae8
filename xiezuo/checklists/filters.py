from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xiezuo.accounts.models import Office
from xiezuo.checklists.models import (
    Problem,
    ProblemSource,
    Task,
    TaskSource,
    TaskState,
    TaskStatus,
    Visit,
)
from xiezuo.ledgers.filters import LedgerFilter, year_filter


class TaskFilter(LedgerFilter):
    year = year_filter()
    state = django_filters.ChoiceFilter(label=_("状态"), choices=TaskState.choices,
                                        method="filter_state")
    owner_office = django_filters.ModelChoiceFilter(label=_("责任单位"),
                                                    queryset=Office.objects.all())
    source = django_filters.ChoiceFilter(label=_("任务来源"), choices=TaskSource.choices)

    search_fields = ("title", "description")

    class Meta:
        model = Task
        fields: list[str] = []

    def filter_state(self, qs: Any, name: str, value: str) -> Any:
        today = timezone.localdate()
        if value == TaskState.OVERDUE:
            return qs.overdue(today)
        if value == TaskState.DONE:
            return qs.filter(status=TaskStatus.DONE)
        return qs.filter(status=value).exclude(deadline__lt=today)


PROBLEM_STATES = [("open", _("未清零")), ("overdue", _("超期未清零")), ("cleared", _("已清零"))]


class ProblemFilter(LedgerFilter):
    year = year_filter("found_on__year")
    state = django_filters.ChoiceFilter(label=_("状态"), choices=PROBLEM_STATES,
                                        method="filter_state")
    owner_office = django_filters.ModelChoiceFilter(label=_("责任单位"),
                                                    queryset=Office.objects.all())
    source = django_filters.ChoiceFilter(label=_("发现途径"), choices=ProblemSource.choices)

    search_fields = ("description", "clearing_note")

    class Meta:
        model = Problem
        fields: list[str] = []

    def filter_state(self, qs: Any, name: str, value: str) -> Any:
        if value == "cleared":
            return qs.filter(cleared_on__isnull=False)
        if value == "overdue":
            return qs.filter(cleared_on__isnull=True, due_on__lt=timezone.localdate())
        return qs.filter(cleared_on__isnull=True)


class VisitFilter(LedgerFilter):
    year = year_filter("date__year")
    month = django_filters.NumberFilter(label=_("月份"), field_name="date__month",
                                        min_value=1, max_value=12)
    with_problems = django_filters.BooleanFilter(label=_("发现问题"),
                                                 method="filter_with_problems")

    search_fields = ("visitor", "household", "village", "findings")
    personal_search_fields = ("household_id_number",)

    class Meta:
        model = Visit
        fields: list[str] = []

    def filter_with_problems(self, qs: Any, name: str, value: bool | None) -> Any:
        if value is None:
            return qs
        has = Q(pk__in=Problem.objects.filter(visit__isnull=False).values("visit_id"))
        return qs.filter(has) if value else qs.exclude(has)


class RateFilter(LedgerFilter):
    """Where the 清零 rate is computed: region, pairing, owner office (the year is the page's)."""

    owner_office = django_filters.ModelChoiceFilter(label=_("责任单位"),
                                                    queryset=Office.objects.all())

    class Meta:
        model = Problem
        fields: list[str] = []
