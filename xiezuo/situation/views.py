"""The monthly situation report page, its PDF and Word files, and the archived copies."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from xiezuo.core.dbrouter import reads_from_replica
from xiezuo.core.scoping import Scope, get_for_user
from xiezuo.indicators import compute as c
from xiezuo.pairings.models import Pairing
from xiezuo.regions.forms import RegionInput
from xiezuo.regions.models import Region, RegionLookupError
from xiezuo.situation import report
from xiezuo.situation.models import ArchivedReport


def _subject(request: HttpRequest) -> tuple[c.Subject, Region | None]:
    """The pairing or region asked for, if the user may see it (else 404); by default the
    user's own office region."""
    user: Any = request.user
    scope = Scope.of(user)
    if request.GET.get("pairing"):
        pairing = get_for_user(Pairing.objects.with_regions(), user, request.GET["pairing"])
        return c.pairing_subject(pairing), None
    side = "donor" if request.GET.get("side") == "donor" else "recipient"
    code = request.GET.get("region", "").strip()
    if code.split(" ", 1)[0].isdigit():  # "622901 临夏市", as the region picker fills it
        code = code.split(" ", 1)[0]
    office = getattr(user, "office", None)
    if code:
        try:
            region: Region | None = Region.objects.resolve(code)
        except RegionLookupError as exc:
            raise Http404 from exc
    else:
        region = office.region if office is not None else None
        side = "donor" if office is not None and office.side == "donor" else side
    if region is None:
        if not scope.national:
            raise Http404
        return c.region_subject(None), None
    if not scope.covers_key(region.scope_key):
        raise Http404
    return c.region_subject(region, side), region


def _period(request: HttpRequest) -> report.ReportPeriod:
    text = request.GET.get("period", "")
    if not text:
        today = timezone.localdate()  # the month just ended
        return report.ReportPeriod.month(today.year, today.month).previous()
    try:
        return report.ReportPeriod.parse(text)
    except ValueError as exc:
        raise Http404(str(exc)) from exc


@reads_from_replica
def situation_report(request: HttpRequest) -> HttpResponse:
    subject, region = _subject(request)
    period = _period(request)
    data = report.build(subject, period, request.user)
    archived: Any = (ArchivedReport.objects.visible_to(request.user).filter(region=region)
                .select_related("region")[:24] if region is not None else [])
    query = request.GET.copy()
    query["period"] = period.key
    return render(request, "situation/report.html", {
        **data, "archived": archived, "query": query.urlencode(), "region": region,
        "region_input": RegionInput({"id": "situation-region", "size": 16}).render(
            "region", f"{region.code} {region.name}" if region is not None else ""),
        "side": subject.side, "pairings": Pairing.objects.visible_to(request.user)
        .with_regions().order_by("recipient__code", "start_date")})


@reads_from_replica
def export(request: HttpRequest, fmt: str) -> HttpResponse | FileResponse:
    if fmt not in {"pdf", "docx"}:
        raise Http404
    subject, _region = _subject(request)
    period = _period(request)
    data = report.build(subject, period, request.user)
    name = f"situation-{period.key}.{fmt}"
    if fmt == "pdf":
        response = HttpResponse(report.pdf(data), content_type="application/pdf")
    else:
        response = HttpResponse(report.docx(data), content_type=(
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"))
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def archived_file(request: HttpRequest, pk: int, fmt: str) -> FileResponse:
    if fmt not in {"pdf", "docx"}:
        raise Http404
    item = get_for_user(ArchivedReport.objects.all(), request.user, pk)
    stored = item.pdf if fmt == "pdf" else item.docx
    if not stored:
        raise PermissionDenied(_("文件不存在。"))
    try:
        handle = stored.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    name = f"{item.region.code}-{item.period_start:%Y%m%d}-{item.period_end:%Y%m%d}.{fmt}"
    return FileResponse(handle, as_attachment=True, filename=name)
