"""Cadre figures per pairing: postings, headcount and person-months, derived from the dates."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from xiezuo.pairings.models import Pairing
from xiezuo.people import figures
from xiezuo.people.filters import CadreFilter
from xiezuo.people.models import Cadre, CadreType


def cadre_figures(request: HttpRequest) -> HttpResponse:
    qs: Any = Cadre.objects.visible_to(request.user)
    filterset = CadreFilter(request.GET or None, queryset=qs, request=request)
    year = filterset.form.cleaned_data.get("year") if filterset.is_valid() else None
    rows = figures.by_pairing(filterset.qs, int(year) if year else None)
    pairings: dict[int, Pairing] = Pairing.objects.visible_to(request.user).with_regions().in_bulk(
        [r.pairing_id for r in rows])
    types = CadreType.choices
    table = [(r, pairings[r.pairing_id], [r.by_type.get(t, 0) for t, _l in types])
             for r in rows if r.pairing_id in pairings]
    return render(request, "people/figures.html", {
        "filter": filterset, "table": table, "types": types, "year": year,
        "today": dt.date.today()})
