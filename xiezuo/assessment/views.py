from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xiezuo.assessment import actions, report, scoring
from xiezuo.assessment.forms import ItemFormSet, SchemeForm
from xiezuo.assessment.models import Result, Run, Scheme
from xiezuo.core.dbrouter import reads_from_replica
from xiezuo.core.export import record_export
from xiezuo.core.scoping import Scope, require_national_admin


def scheme_list(request: HttpRequest) -> HttpResponse:
    schemes = Scheme.objects.prefetch_related("items")
    return render(request, "assessment/schemes.html", {
        "schemes": schemes, "can_edit": may_edit(request.user)})


def scheme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scheme = get_object_or_404(Scheme, pk=pk)
    return render(request, "assessment/scheme.html", {
        "scheme": scheme,
        "items": [(i, i.describe(getattr(request.user, "money_unit", "") or "wan"))
                  for i in scheme.items.select_related("indicator")],
        "classes": scheme.classes.prefetch_related("regions"),
        "runs": scheme.runs.select_related("created_by")[:20],
        "can_run": Scope.of(request.user).is_national_admin,
        "can_edit": may_edit(request.user)})


def may_edit(user: Any) -> bool:
    """Schemes are national: only national administrators change them."""
    return Scope.of(user).is_national_admin


def scheme_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Create or change a scheme and its items (weights, rules, caps, steps, thresholds)
    and its grade boundaries, in one form."""
    if not may_edit(request.user):
        raise PermissionDenied
    scheme = get_object_or_404(Scheme, pk=pk) if pk is not None else Scheme()
    form = SchemeForm(request.POST or None, instance=scheme)
    items = ItemFormSet(request.POST or None, instance=scheme, prefix="items")
    if request.method == "POST" and form.is_valid() and items.is_valid():
        saved = actions.save_scheme(form, items)
        messages.success(request, _("考核方案已保存。"))
        return redirect(saved)
    return render(request, "assessment/scheme_edit.html", {
        "scheme": scheme if pk is not None else None, "form": form, "items": items})


@require_POST
def scheme_run(request: HttpRequest, pk: int) -> HttpResponse:
    """The national assessment is run by a national administrator only."""
    require_national_admin(request.user)
    scheme = get_object_or_404(Scheme, pk=pk)
    record = scoring.run(scheme, request.user)
    messages.success(request, _("考核完成，用时 %(s).1f 秒。") % {"s": record.seconds})
    return redirect(record)


def _results(request: HttpRequest, run: Run) -> list[Result]:
    qs: Any = Result.objects.restrict(request.user).filter(run=run)
    return list(qs.select_related("pairing__donor", "pairing__recipient")
                .order_by("county_class", "rank", "pk"))


def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(Run.objects.select_related("scheme", "created_by"), pk=pk)
    results = _results(request, run)
    return render(request, "assessment/run.html", {
        "run": run, "scheme": run.scheme, "rows": report.rows(run, results)})


@reads_from_replica
def run_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    run = get_object_or_404(Run.objects.select_related("scheme"), pk=pk)
    results = _results(request, run)
    name = f"assessment-{run.scheme.year}-{run.pk}"
    if fmt in ("pdf", "docx"):
        record_export(Run, str(run), f"run={run.pk}", len(results), False, fmt)
    if fmt == "pdf":
        response = HttpResponse(report.pdf(run, results), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
        return response
    if fmt == "docx":
        response = HttpResponse(
            report.docx(run, results),
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        response["Content-Disposition"] = f'attachment; filename="{name}.docx"'
        return response
    return HttpResponse(status=404)
