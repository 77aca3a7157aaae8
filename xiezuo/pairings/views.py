from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from xiezuo.core.listing import paginate
from xiezuo.core.scoping import Action, get_for_user, require
from xiezuo.pairings import actions
from xiezuo.pairings.filters import PairingFilter
from xiezuo.pairings.forms import PairingForm
from xiezuo.pairings.models import Kind, Pairing
from xiezuo.regions import names


def pairing_list(request: HttpRequest) -> HttpResponse:
    qs: Any = Pairing.objects.visible_to(request.user).with_regions()
    filterset = PairingFilter(request.GET, queryset=qs)
    listing = paginate(request, filterset.qs, default=("recipient__code", "-start_date", "pk"),
                       sorts={"donor": ("donor__code",), "recipient": ("recipient__code",),
                              "kind": ("kind",), "level": ("level",),
                              "start": ("start_date",)})
    return render(request, "pairings/list.html", {
        "filter": filterset, "page": listing.page, "listing": listing,
        "querystring": listing.querystring,
    })


def pairing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    pairing = get_for_user(Pairing.objects.with_regions(), request.user, pk)
    visible: Any = Pairing.objects.visible_to(request.user)
    context = {
        "pairing": pairing,
        "children": visible.filter(parent=pairing).with_regions(),
        "recipient_history": pairing.history_of_recipient().filter(pk__in=visible.values("pk")),
        "donor_history": pairing.history_of_donor().filter(pk__in=visible.values("pk")),
        "chain": _ancestry(pairing),
        "history": pairing.history[:100],
        "tab": request.GET.get("tab", "overview"),
    }
    return render(request, "pairings/detail.html", context)


def _ancestry(pairing: Pairing) -> list[Pairing]:
    chain: list[Pairing] = []
    node = pairing.parent
    while node is not None and len(chain) < 6:
        chain.append(node)
        node = node.parent
    return list(reversed(chain))


def pairing_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    if pk is None:
        require(request.user, Action.MANAGE)
        pairing = Pairing()
    else:
        pairing = get_for_user(Pairing.objects.with_regions(), request.user, pk, Action.MANAGE)
    form = PairingForm(request.POST or None, instance=pairing, user=request.user)
    if request.method == "POST" and form.is_valid():
        if not request.user.scope.covers(form.instance, Action.MANAGE):  # type: ignore[union-attr]
            form.add_error(None, _("只能登记本单位数据范围内的结对。"))
        else:
            saved = actions.save(request.user, form.save(commit=False))
            messages.success(request, _("已保存结对：%(p)s") % {"p": saved})
            return redirect(saved)
    return render(request, "pairings/edit.html", {"form": form, "pairing": pairing})


def pairing_map(request: HttpRequest) -> HttpResponse:
    years = list(range(2016, dt.date.today().year + 1))
    return render(request, "pairings/map.html", {"kinds": Kind.choices, "years": years,
                                                  "filter": PairingFilter(request.GET)})


def pairing_map_data(request: HttpRequest) -> JsonResponse:
    """Donor→recipient lines for the map, in the user's scope, filtered like the list."""
    qs: Any = Pairing.objects.visible_to(request.user).with_regions().filter(donor__isnull=False)
    pairings = PairingFilter(request.GET, queryset=qs).qs
    lines = []
    points: dict[str, dict[str, object]] = {}
    for p in pairings:
        donor, recipient = p.donor, p.recipient
        assert donor is not None
        if None in (donor.lng, donor.lat, recipient.lng, recipient.lat):
            continue
        lines.append({
            "id": p.pk, "donor": donor.name, "recipient": recipient.name,
            "kind": p.get_kind_display(), "level": p.get_level_display(),
            "period": f"{p.start_date.year}–{p.end_date.year if p.end_date else ''}",
            "coords": [[donor.lng, donor.lat], [recipient.lng, recipient.lat]],
            "url": p.get_absolute_url(),
        })
        points[donor.code] = {"name": donor.short_name, "value": [donor.lng, donor.lat],
                              "side": "donor"}
        points.setdefault(recipient.code, {"name": recipient.short_name,
                                           "value": [recipient.lng, recipient.lat],
                                           "side": "recipient"})
    return JsonResponse({"lines": lines, "points": list(points.values()),
                         "count": len(lines)})


def suggest(request: HttpRequest) -> HttpResponse:
    """<option>s for a pairing input's datalist (htmx): the user's own pairings (through the
    scoping) whose donor or recipient starts with what was typed, by code or name."""
    text = next((v for v in request.GET.values() if isinstance(v, str) and v.strip()), "")
    head = names.to_simplified(text.strip().split(" ", 1)[0])
    options: list[Pairing] = []
    if head and "\x00" not in head:
        match = Q(donor_unit__startswith=head)
        for party in ("donor", "recipient"):
            match |= (Q(**{f"{party}__code__startswith": head})
                      | Q(**{f"{party}__name__startswith": head})
                      | Q(**{f"{party}__short_name__startswith": head}))
        options = list(Pairing.objects.visible_to(request.user).with_regions().filter(match)
                       .order_by("recipient__code", "-start_date")[:15])
    return render(request, "pairings/suggest.html", {"options": options})
