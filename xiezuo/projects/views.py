from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from xiezuo.core.scoping import Action, Scope, get_for_user
from xiezuo.projects.actions import TransitionError, advance
from xiezuo.projects.forms import AdvanceForm
from xiezuo.projects.models import Project


def project_advance(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_for_user(Project.objects.all(), request.user, pk, Action.CHANGE)
    if request.method != "POST" or not Scope.of(request.user).covers(project, Action.CHANGE):
        raise PermissionDenied
    form = AdvanceForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label} {' '.join(str(e) for e in errors)}")
    else:
        try:
            advance(project, form.cleaned_data["to_status"], form.cleaned_data["date"],
                    request.user, form.cleaned_data["note"])
        except TransitionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, str(project.get_status_display()))
    return redirect("projects:detail", pk=pk)
