from __future__ import annotations

from typing import Any

from django.db.models import F, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from xiezuo.core.listing import paginate
from xiezuo.core.scoping import Action, Scope
from xiezuo.regions import names
from xiezuo.regions.models import Level, Region


def region_list(request: HttpRequest) -> HttpResponse:
    """The registry is public reference data: every signed-in user may read it."""
    regions = Region.objects.select_related("parent")
    q = request.GET.get("q", "").strip()
    level = request.GET.get("level", "")
    if q:
        matches = Region.objects.lookup(q)
        simplified = names.to_simplified(q)
        regions = regions.filter(
            Q(pk__in=matches.values("pk")) | Q(name__contains=simplified)
            | Q(code__startswith=q)
        )
    if level in Level.values:
        regions = regions.filter(level=level)
    listing = paginate(request, regions, default=("code",), sorts={
        "code": ("code",), "name": ("name",), "short_name": ("short_name",),
        "level": ("level",), "parent": ("parent__code",), "valid": ("valid_from",)})
    context = {"page": listing.page, "listing": listing, "q": q, "level": level,
               "levels": Level.choices, "querystring": listing.querystring,
               "can_import": _may_import(request.user)}
    return render(request, "regions/list.html", context)


def _may_import(user: Any) -> bool:
    """National administrators import changes of the registry (xiezuo.transfer)."""
    scope = Scope.of(user)
    return scope.national and scope.allows(Action.MANAGE)


def region_detail(request: HttpRequest, code: str) -> HttpResponse:
    """A division by code: the current one, else the latest that carried the code."""
    region = (
        Region.objects.select_related("parent", "parent__parent", "successor")
        .filter(code=code)
        .order_by(F("valid_to").desc(nulls_first=True))
        .first()
    )
    if region is None:
        raise Http404
    children = region.children.order_by("code")
    return render(request, "regions/detail.html", {"region": region, "children": children})


def suggest(request: HttpRequest) -> HttpResponse:
    """<option>s for a region input's datalist (htmx)."""
    # htmx sends the input under its own field name: take whatever was typed.
    text = next((v for v in request.GET.values() if isinstance(v, str) and v.strip()), "")
    text = text.strip()
    options: list[Region] = []
    if text:
        head = text.split(" ", 1)[0]
        simplified = names.to_simplified(head)
        options = list(
            Region.objects.filter(
                Q(code__startswith=head) | Q(name__startswith=simplified)
                | Q(short_name__startswith=simplified)
            ).select_related("parent").filter(valid_to__isnull=True).order_by("depth", "code")[:15]
        )
    return render(request, "regions/suggest.html", {"options": options})
