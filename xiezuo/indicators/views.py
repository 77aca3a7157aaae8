from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from xiezuo.core.dbrouter import reads_from_replica
from xiezuo.core.listing import paginate
from xiezuo.core.personal import mask, may_see_personal_data
from xiezuo.core.scoping import Scope, get_for_user
from xiezuo.indicators import actions, dashboard
from xiezuo.indicators import compute as c
from xiezuo.indicators.forms import IndicatorForm
from xiezuo.indicators.models import Indicator, Measure
from xiezuo.ledgers.declare import Ledger, declared_ledgers
from xiezuo.pairings.models import Pairing
from xiezuo.regions.models import Region


def catalogue(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    indicators = list(Indicator.objects.for_year(year).select_related("parent"))
    return render(request, "indicators/catalogue.html", {
        "indicators": [(i, i.unavailable_reason()) for i in indicators], "year": year,
        "can_edit": may_edit_catalogue(request.user)})


def indicator_detail(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = get_object_or_404(Indicator.objects.select_related("parent"), pk=pk)
    return render(request, "indicators/detail.html", {
        "indicator": indicator, "reason": indicator.unavailable_reason(),
        "parts": indicator.parts.all(), "can_edit": may_edit_catalogue(request.user)})


def may_edit_catalogue(user: Any) -> bool:
    """The catalogue is national: only national administrators change it."""
    return Scope.of(user).is_national_admin


def indicator_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Create or change a catalogue entry (or start a new version of it from a year)."""
    if not may_edit_catalogue(request.user):
        raise PermissionDenied
    indicator = get_object_or_404(Indicator, pk=pk) if pk is not None else Indicator()
    form = IndicatorForm(request.POST or None, instance=indicator)
    if request.method == "POST" and form.is_valid():
        saved = actions.save_indicator(form)
        messages.success(request, _("指标已保存。"))
        return redirect(saved)
    return render(request, "indicators/edit.html", {
        "indicator": indicator if pk is not None else None, "form": form})


def dashboard_home(request: HttpRequest) -> HttpResponse:
    scope = Scope.of(request.user)
    office = getattr(request.user, "office", None)
    if scope.national or office is None:
        return redirect("indicators:country")
    side = "donor" if getattr(office, "side", "") == "donor" else "recipient"
    url = reverse("indicators:region", args=[office.region.code])
    return redirect(f"{url}?side={side}")


@reads_from_replica
def dashboard_region(request: HttpRequest, code: str | None = None) -> HttpResponse:
    scope = Scope.of(request.user)
    region = None
    if code is not None:
        region = Region.objects.filter(code=code, valid_to__isnull=True).first()
        if region is None or not scope.covers_key(region.scope_key):
            raise Http404
    elif not scope.national:
        raise Http404
    side = "donor" if request.GET.get("side") == "donor" else "recipient"
    period = _period(request)
    data = dashboard.region_data(region, side, period, request.GET.get("lead", ""),
                                 request.user, request.GET.get("refresh") == "1")
    return _render(request, c.region_subject(region, side), period, data,
                   {"region": region, "side": side})


@reads_from_replica
def dashboard_pairing(request: HttpRequest, pk: int) -> HttpResponse:
    pairing = get_for_user(Pairing.objects.with_regions(), request.user, pk)
    period = _period(request)
    forest = c.Forest()
    data = dashboard.pairing_data(pairing, period, request.GET.get("lead", ""), request.user,
                                  request.GET.get("refresh") == "1", forest)
    return _render(request, c.pairing_subject(pairing, forest), period, data,
                   {"pairing": pairing})


def _render(request: HttpRequest, subject: c.Subject, period: c.Period, data: dict[str, Any],
            extra: dict[str, Any]) -> HttpResponse:
    query = request.GET.copy()
    query.pop("refresh", None)
    lead = data.get("lead")
    if lead is not None:  # the cached data is shared by both languages: name units now
        from xiezuo.core.money import symbol

        charts = data["charts"] = {**data["charts"], "lead": lead.label,
                                   "unit": symbol("wan") if lead.is_money else lead.unit_label}
        if "map" in charts:
            charts["map"] = {**charts["map"], "unit": symbol("wan")}
    return render(request, "indicators/dashboard.html", {
        **data, **extra, "subject": subject, "period": period, "years": _years(),
        "full_year": period.cutoff == c.FULL_YEAR, "querystring": query.urlencode()})


def drill(request: HttpRequest) -> HttpResponse:
    """The ledger rows behind one figure, and the manual entries added to it."""
    indicator = get_object_or_404(Indicator, pk=request.GET.get("indicator") or 0)
    period = _period(request)
    subject = _subject(request)
    rows: Any = c.ledger_rows(indicator, subject, period, request.user)
    manual = c.manual_rows(indicator, subject, period, request.user).select_related(
        "region", "pairing__donor", "pairing__recipient")
    results = c.compute([indicator], [subject], [period], request.user)
    model = indicator.source_model()
    ledger = ledger_for(model) if model is not None else None
    if model is not None:
        rows = rows.select_related("region", "pairing__donor", "pairing__recipient")
    page = paginate(request, rows, default=("-pk",) if model is not None else None).page
    personal_ok = may_see_personal_data(request.user)
    extras = []
    for measure in indicator.measures()[1:] if not indicator.unavailable_reason() else []:
        extra_model = measure.model()
        assert extra_model is not None
        extra_ledger = ledger_for(extra_model)
        found = (c.measure_rows(measure, subject, period, request.user)
                 .select_related("region", "pairing__donor", "pairing__recipient")
                 .order_by("-pk")[:EXTRA_ROWS])
        extras.append({"label": extra_model._meta.verbose_name_plural, "rows": [
            (obj, _row_url(extra_ledger, obj), _row_value(measure, obj, personal_ok))
            for obj in found]})
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "indicators/drill.html", {
        "indicator": indicator, "period": period, "subject": subject, "page": page,
        "cell": results.get(indicator, subject, period), "manual": manual,
        "table": [(obj, _row_url(ledger, obj),
                   _row_value(indicator, obj, may_see_personal_data(request.user)))
                  for obj in page.object_list],
        "ledger_url": _ledger_list_url(ledger, indicator, subject, period), "extras": extras,
        "extra_rows": EXTRA_ROWS,
        "reason": indicator.unavailable_reason(), "querystring": query.urlencode()})


def ledger_for(model: type[Any]) -> type[Ledger] | None:
    """The ledger declared for ``model`` (its list and detail pages), if any."""
    return declared_ledgers().get(model._meta.label_lower)


def _row_url(ledger: type[Ledger] | None, obj: Any) -> str:
    if ledger is not None:
        try:
            return reverse(ledger.url_name("detail"), args=[obj.pk])
        except NoReverseMatch:
            pass
    url = getattr(obj, "get_absolute_url", None)
    return url() if callable(url) else ""


#: rows listed per extra ledger of an indicator (count entries: few)
EXTRA_ROWS = 200


def _row_value(indicator: Indicator | Measure, obj: Any, personal_ok: bool = False) -> Any:
    if not indicator.value_field:
        return 1
    value: Any = obj
    for part in indicator.value_field.split("__"):
        holder, value = value, getattr(value, part, None)
    if part in getattr(type(holder), "audit_masked", ()) and not personal_ok:
        return mask(value)  # a distinct count of ID numbers shows them masked
    return value


def _ledger_list_url(ledger: type[Ledger] | None, indicator: Indicator, subject: c.Subject,
                     period: c.Period) -> str:
    """The ledger's own list filtered to the same rows, when its filters can say so."""
    if ledger is None:
        return ""
    names = set(ledger.filterset.base_filters)
    query: dict[str, Any] = {}
    if subject.pairing is not None:
        if len(subject.pairing_ids or ()) != 1:
            return ""
        query["pairing"] = subject.pairing.pk
    elif subject.region is not None:
        if subject.side == "donor":
            return ""
        query["region"] = subject.region.code
    for key, value in indicator.filters.items():
        if key not in names or isinstance(value, list | dict):
            return ""
        query[key] = value
    if "year" in names:
        query["year"] = period.year
    if "date_to" in names:
        query["date_to"] = period.end.isoformat()
    try:
        return f"{reverse(ledger.url_name('list'))}?{urlencode(query)}"
    except NoReverseMatch:
        return ""


def _subject(request: HttpRequest) -> c.Subject:
    if request.GET.get("pairing"):
        pairing = get_for_user(Pairing.objects.with_regions(), request.user,
                               request.GET["pairing"])
        return c.pairing_subject(pairing)
    side = "donor" if request.GET.get("side") == "donor" else "recipient"
    scope = Scope.of(request.user)
    code = request.GET.get("region")
    if code:
        region = Region.objects.filter(code=code, valid_to__isnull=True).first()
        if region is None or not scope.covers_key(region.scope_key):
            raise Http404
        return c.region_subject(region, side)
    if not scope.national:
        raise Http404
    return c.region_subject(None, side)


def _years() -> list[int]:
    return list(range(dt.date.today().year, 2015, -1))


def _year(request: HttpRequest) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return dt.date.today().year
    return year if 1990 <= year <= 2100 else dt.date.today().year


def _period(request: HttpRequest) -> c.Period:
    text = request.GET.get("cutoff", "")
    cutoff = c.DEFAULT_CUTOFF
    if text:
        try:
            month, day = (int(x) for x in text.split("-"))
            dt.date(2001, month, day)  # a real day of a non-leap year
            cutoff = (month, day)
        except ValueError:
            pass
    return c.Period(_year(request), cutoff)
