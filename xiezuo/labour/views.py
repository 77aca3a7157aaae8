"""Labour figures per pairing and year, per-person records and count-only entries together."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from xiezuo.labour import figures
from xiezuo.labour.filters import LabourCountFilter
from xiezuo.labour.models import Destination, LabourCount, LabourRecord
from xiezuo.pairings.models import Pairing


def labour_figures(request: HttpRequest) -> HttpResponse:
    records: Any = LabourRecord.objects.visible_to(request.user)
    counts: Any = LabourCount.objects.visible_to(request.user)
    filterset = LabourCountFilter(request.GET or None, queryset=counts, request=request)
    year = filterset.form.cleaned_data.get("year") if filterset.is_valid() else None
    if year:
        records = records.filter(year=year)
    for name in ("region", "pairing"):
        if filterset.is_bound and filterset.form.cleaned_data.get(name):
            records = filterset.filters[name].filter(records, filterset.form.cleaned_data[name])
    rows = figures.by_pairing_year(records, filterset.qs)
    pairings: dict[int, Pairing] = Pairing.objects.visible_to(request.user).with_regions().in_bulk(
        [r.pairing_id for r in rows])
    destinations = Destination.choices
    table = [(r, pairings[r.pairing_id], [r.by_destination.get(d, 0) for d, _l in destinations])
             for r in rows if r.pairing_id in pairings]
    return render(request, "labour/figures.html", {
        "filter": filterset, "table": table, "destinations": destinations})
