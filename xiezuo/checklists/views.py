"""The checklist (tasks ticked off one by one), tasks from an agreement or meeting, clearing a
problem, and the monthly 清零 rate."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from xiezuo.checklists import actions, checklist
from xiezuo.checklists.filters import RateFilter, TaskFilter
from xiezuo.checklists.forms import ClearForm, TaskRowFormSet, TickForm
from xiezuo.checklists.models import Problem, Task
from xiezuo.core.scoping import Action, Scope, get_for_user
from xiezuo.meetings.models import Agreement, Meeting


def _tasks(request: HttpRequest, data: Any) -> tuple[TaskFilter, Any]:
    qs: Any = Task.objects.visible_to(request.user).select_related(
        "owner_office", "region", "pairing__donor", "pairing__recipient")
    filterset = TaskFilter(data or None, queryset=qs, request=request)
    return filterset, filterset.qs.order_by("deadline", "id")


def _filter_params(data: Any) -> list[tuple[str, str]]:
    """The checklist's filter (pairing, year...) carried by the tick forms, so that the
    progress figures sent back with a ticked row are those of the same list."""
    return [(k, v) for k, v in data.items() if k in TaskFilter.base_filters and v]


def checklist_page(request: HttpRequest) -> HttpResponse:
    filterset, tasks = _tasks(request, request.GET)
    today = timezone.localdate()
    rows = list(tasks[:500])
    scope = Scope.of(request.user)
    return render(request, "checklists/checklist.html", {
        "filter": filterset, "rows": rows, "today": today,
        "progress": checklist.progress(tasks, today),
        "can_tick": scope.allows(Action.CHANGE), "query": request.GET.urlencode(),
        "filter_params": _filter_params(request.GET), "back": request.get_full_path()})


def _tick_response(request: HttpRequest, task: Task) -> HttpResponse:
    if not request.htmx:  # type: ignore[attr-defined]
        back = request.POST.get("next", "")
        if url_has_allowed_host_and_scheme(back, {request.get_host()}) and back:
            return redirect(back)
        return redirect("checklists:tasks:detail", pk=task.pk)
    _filterset, tasks = _tasks(request, request.POST)
    today = timezone.localdate()
    return render(request, "checklists/_check_row.html", {
        "t": task, "today": today, "can_tick": True, "oob": True,
        "progress": checklist.progress(tasks, today),
        "filter_params": _filter_params(request.POST), "back": request.POST.get("next", "")})


def tick(request: HttpRequest, pk: int) -> HttpResponse:
    task = get_for_user(Task.objects.all(), request.user, pk, Action.CHANGE)
    if request.method != "POST" or not Scope.of(request.user).covers(task, Action.CHANGE):
        raise PermissionDenied
    form = TickForm(request.POST)
    day = form.cleaned_data["done_on"] if form.is_valid() else timezone.localdate()
    try:
        actions.tick(task, day, request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        task.refresh_from_db()
    return _tick_response(request, task)


def reopen(request: HttpRequest, pk: int) -> HttpResponse:
    task = get_for_user(Task.objects.all(), request.user, pk, Action.CHANGE)
    if request.method != "POST" or not Scope.of(request.user).covers(task, Action.CHANGE):
        raise PermissionDenied
    actions.reopen(task, request.user)
    return _tick_response(request, task)


SOURCES: dict[str, Any] = {"agreement": Agreement, "meeting": Meeting}


def from_source(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Create tasks from an agreement (one, pre-filled) or a meeting (one per agreement)."""
    model = SOURCES.get(kind)
    if model is None:
        raise Http404
    source = get_for_user(model.objects.select_related("pairing", "region"), request.user, pk,
                          Action.ADD)
    if not Scope.of(request.user).covers(source, Action.ADD):
        raise PermissionDenied
    if kind == "agreement":
        initial = [{"title": _("落实%(a)s") % {"a": source}}]
    else:
        initial = [{"title": _("落实%(a)s") % {"a": a}} for a in source.agreements.all()]
    initial += [{}] * 3
    formset = TaskRowFormSet(request.POST or None, initial=initial)
    if request.method == "POST" and formset.is_valid():
        rows = [actions.TaskRow(f.cleaned_data["title"], f.cleaned_data["owner_office"],
                                f.cleaned_data["deadline"])
                for f in formset.forms if f.cleaned_data.get("title")]
        if not rows:
            messages.error(request, _("请至少填写一项任务。"))
        else:
            try:
                made = actions.create_tasks(source, rows, request.user)
            except ValidationError as exc:
                messages.error(request, "；".join(exc.messages))
            else:
                messages.success(request, _("已生成 %(n)d 项任务。") % {"n": len(made)})
                return redirect(source.get_absolute_url() + "?tab=tasks")
    return render(request, "checklists/from_source.html", {
        "source": source, "kind": kind, "formset": formset})


def clear(request: HttpRequest, pk: int) -> HttpResponse:
    problem = get_for_user(Problem.objects.all(), request.user, pk, Action.CHANGE)
    if request.method != "POST" or not Scope.of(request.user).covers(problem, Action.CHANGE):
        raise PermissionDenied
    form = ClearForm(request.POST)
    if form.is_valid():
        try:
            actions.clear(problem, form.cleaned_data["cleared_on"],
                          form.cleaned_data["clearing_note"], request.user)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, _("问题已清零。"))
    else:
        messages.error(request, "；".join(
            f"{form.fields[k].label}：{'；'.join(map(str, v))}" for k, v in form.errors.items()))
    return redirect("checklists:problems:detail", pk=pk)


def rates(request: HttpRequest) -> HttpResponse:
    """The monthly 清零 rate of the problems in the user's scope (region, pairing, office)."""
    today = timezone.localdate()
    data = request.GET.copy()
    try:
        year = int(data.pop("year", [""])[-1] or today.year)
    except ValueError:
        year = today.year
    year = min(max(year, 2000), today.year + 1)
    qs: Any = Problem.objects.visible_to(request.user)
    filterset = RateFilter(data or None, queryset=qs, request=request)
    problems = filterset.qs
    months = checklist.monthly_rates(problems, year, max(today, dt.date(year, 1, 1)))
    whole = checklist.clearing_rates(problems, [(months[0].start, months[-1].end)])[0]
    return render(request, "checklists/rates.html", {
        "filter": filterset, "year": year, "months": months, "whole": whole,
        "years": range(today.year + 1, today.year - 6, -1)})
