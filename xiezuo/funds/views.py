"""Fund overviews: figures per pairing and year, reconciliation, idle money."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from xiezuo.funds import figures
from xiezuo.funds.filters import FundMovementFilter
from xiezuo.funds.models import FundMovement
from xiezuo.pairings.models import Pairing
from xiezuo.projects.models import Project


def _movements(request: HttpRequest) -> tuple[FundMovementFilter, Any]:
    qs: Any = FundMovement.objects.visible_to(request.user)
    filterset = FundMovementFilter(request.GET or None, queryset=qs, request=request)
    return filterset, filterset.qs


def _pairings(request: HttpRequest, ids: set[int]) -> dict[int, Pairing]:
    return Pairing.objects.visible_to(request.user).with_regions().in_bulk(ids)


def overview(request: HttpRequest) -> HttpResponse:
    filterset, movements = _movements(request)
    rows = figures.by_pairing_year(movements)
    pairings = _pairings(request, {r["pairing_id"] for r in rows})
    rows = [{**row, "pairing": pairings[row["pairing_id"]]} for row in rows
            if row["pairing_id"] in pairings]
    return render(request, "funds/overview.html", {
        "filter": filterset, "rows": rows, "total": figures.totals(movements)})


def reconciliation(request: HttpRequest) -> HttpResponse:
    filterset, movements = _movements(request)
    show_all = request.GET.get("all") == "1"
    rows = figures.reconciliation(movements, only_open=not show_all)
    pairings = _pairings(request, {r.pairing_id for r in rows})
    return render(request, "funds/reconciliation.html", {
        "filter": filterset,
        "rows": [(r, pairings[r.pairing_id]) for r in rows if r.pairing_id in pairings],
        "show_all": show_all})


def idle(request: HttpRequest) -> HttpResponse:
    filterset, movements = _movements(request)
    rows = figures.idle_funds(movements)
    projects: Any = Project.objects.visible_to(request.user).select_related(
        "region", "pairing__donor", "pairing__recipient").in_bulk([r.project_id for r in rows])
    return render(request, "funds/idle.html", {
        "filter": filterset,
        "rows": [(r, projects[r.project_id]) for r in rows if r.project_id in projects],
        "months": settings.IDLE_FUNDS_MONTHS})
