"""The 开放数据 page and its two downloads: the user's projects as IATI XML or JSON."""

from __future__ import annotations

from typing import Any

from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    StreamingHttpResponse,
)
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from xiezuo.core.dbrouter import reads_from_replica
from xiezuo.opendata.filters import OpenDataFilter
from xiezuo.opendata.iati import EMPTY, XZ, Export
from xiezuo.projects.models import Project

FORMATS = {"xml": "application/xml; charset=utf-8", "json": "application/json; charset=utf-8"}


def _filtered(request: HttpRequest) -> OpenDataFilter:
    qs: Any = Project.objects.visible_to(request.user)
    return OpenDataFilter(request.GET or None, queryset=qs, request=request)


def index(request: HttpRequest) -> HttpResponse:
    filterset = _filtered(request)
    projects = filterset.qs
    return render(request, "opendata/index.html", {
        "filter": filterset, "count": 0 if filterset.form.errors else projects.count(),
        "query": request.GET.urlencode(), "namespace": XZ, "empty": EMPTY})


@reads_from_replica
def export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    if fmt not in FORMATS:
        raise Http404
    filterset = _filtered(request)
    projects = filterset.qs
    if filterset.form.errors:
        message = "; ".join(f"{filterset.form.fields[k].label if k in filterset.form.fields else k}"
                            f": {' '.join(map(str, v))}" for k, v in filterset.form.errors.items())
        return HttpResponse(_("筛选条件有误：%(m)s") % {"m": message}, status=400,
                            content_type="text/plain; charset=utf-8")
    if fmt == "xml" and not projects.exists():  # JSON says it with an empty list
        return HttpResponse(EMPTY, status=400, content_type="text/plain; charset=utf-8")
    data = Export(request.user, projects)
    response = StreamingHttpResponse(data.xml() if fmt == "xml" else data.json(),
                                     content_type=FORMATS[fmt])
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="iati-activities-{stamp}.{fmt}"'
    return response
