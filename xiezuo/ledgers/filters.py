"""Filters every ledger list has: text, year, region (with everything below it), pairing."""

from __future__ import annotations

import re
from typing import Any, ClassVar

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from xiezuo.core.personal import contains_personal, may_see_personal_data, reveal
from xiezuo.pairings.forms import PairingInput
from xiezuo.pairings.models import Pairing
from xiezuo.regions import names
from xiezuo.regions.forms import RegionInput
from xiezuo.regions.models import Region, RegionLookupError


class LedgerFilter(django_filters.FilterSet):
    """A ledger list's filters for ``user`` (the request's, or given: a background export
    filters as the person who asked for it)."""

    q = django_filters.CharFilter(label=_("关键词"), method="filter_text")
    region = django_filters.CharFilter(label=_("地区（含下级）"), method="filter_region",
                                       widget=RegionInput)
    # typed, with suggestions: a thousand pairings in a dropdown cost most of the page
    pairing = django_filters.CharFilter(label=_("结对关系"), method="filter_pairing",
                                        widget=PairingInput)

    #: fields searched by the keyword box
    search_fields: ClassVar[tuple[str, ...]] = ()
    #: personal fields (ID numbers) the keyword box matches exactly, and only for users who
    #: may see personal data: a partial match would let others read a number digit by digit
    personal_search_fields: ClassVar[tuple[str, ...]] = ()

    def __init__(self, data: Any = None, queryset: Any = None, *, request: Any = None,
                 prefix: str | None = None, user: Any = None, from_url: bool = True) -> None:
        """``user``: whom the list is filtered for (the request's by default); ``from_url``:
        the data is a query string (a page, an API GET) rather than a POST body; personal
        data is refused there."""
        super().__init__(data, queryset, request=request, prefix=prefix)
        self.user = user if user is not None else getattr(request, "user", None)
        self.from_url = from_url
        self.pairings: Any = Pairing.objects.visible_to(self.user)
        self.filters["pairing"].extra["widget"] = PairingInput(queryset=self.pairings)

    def filter_queryset(self, queryset: Any) -> Any:
        # filter_region may add a form error, which drops its value from cleaned_data while
        # django-filter iterates over it ("dictionary changed size during iteration"): iterate
        # over a copy
        for name, value in list(self.form.cleaned_data.items()):
            queryset = self.filters[name].filter(queryset, value)
        return queryset

    def filter_text(self, qs: Any, name: str, value: str) -> Any:
        """Names and texts by substring; personal fields exactly. An ID number or a phone
        arrives as a keyed token (the list's form posts to ``core:search``, which keeps the
        number in the session), never in the URL: a raw one in a URL is refused."""
        shown = reveal(self.request, value.strip()) if self.request is not None else value
        if shown is None:
            self.form.add_error("q", _("这次查询已失效，请重新输入查询条件。"))
            return qs.none()
        if self.from_url and shown == value.strip() and contains_personal(shown):
            self.form.add_error("q", _(
                "身份证号、手机号请在查询框中输入后点“查询”，不要写在网址中。"))
            return qs.none()
        text = names.to_simplified(shown)
        personal = self.personal_search_fields if may_see_personal_data(self.user) else ()
        if not text or not (self.search_fields or personal):
            return qs
        q = Q()
        for f in self.search_fields:
            q |= Q(**{f"{f}__icontains": text})
        for f in personal:
            q |= Q(**{f: text.upper()})
        return qs.filter(q)

    def filter_region(self, qs: Any, name: str, value: str) -> Any:
        if not value.strip():
            return qs
        try:
            region = Region.objects.resolve(value.split(" ", 1)[0] if value[:1].isdigit()
                                            else value)
        except RegionLookupError as exc:
            self.form.add_error("region", str(exc))
            return qs.none()
        return qs.filter(region__scope_key__startswith=region.scope_key)

    def filter_pairing(self, qs: Any, name: str, value: str) -> Any:
        """The rows of one pairing ("17", or "17 济南市 → 临夏回族自治州" as suggested: the
        number decides), of the pairings between two parties ("济南市 → 临夏州"), or of
        every pairing one party (a code or a name) is part of — among the user's pairings."""
        pairings = pairings_named(self.pairings, value)
        if isinstance(pairings, str):
            self.form.add_error("pairing", pairings)
            return qs.none()
        return qs if pairings is None else qs.filter(pairing__in=pairings)


def pairings_named(visible: Any, value: str) -> Any:
    """The pairings of ``visible`` that ``value`` names (None: no value), or the error to
    show: an unknown number, place or pairing."""
    text = value.strip()
    if not text:
        return None
    head = text.split(" ", 1)[0]
    # a pairing's number (region codes have 6+ digits); ASCII digits only: "¹" is a digit too
    if head.isascii() and head.isdigit() and len(head) < 6:
        found = visible.filter(pk=int(head))
        return found if found.exists() else _("没有编号为 %(n)s 的结对关系。") % {"n": head}
    parties = [p.strip() for p in re.split(r"\s*(?:→|->|—|－)\s*", text) if p.strip()]
    if len(parties) > 2:
        return _("结对关系请写成“帮扶方 → 受援方”，或只写一方。")
    regions: list[Region | str] = []
    for party in parties:
        try:
            regions.append(Region.objects.resolve(party.split(" ", 1)[0]
                                                  if party[:1].isdigit() else party))
        except RegionLookupError as exc:
            if len(parties) == 2 and party is parties[0]:  # a donor unit (定点帮扶)
                regions.append(party)
                continue
            return str(exc)
    if len(regions) == 1:
        found = visible.filter(Q(donor=regions[0]) | Q(recipient=regions[0]))
    else:
        donor, recipient = regions
        found = visible.filter(recipient=recipient).filter(
            Q(donor_unit=donor) if isinstance(donor, str) else Q(donor=donor))
    if not found.exists():
        return _("在您可见的结对关系中没有找到“%(t)s”。") % {"t": text}
    return found


def year_filter(field_name: str | None = None) -> django_filters.NumberFilter:
    """年度: the ``year`` field, or e.g. ``field_name="date__year"`` for a dated ledger."""
    return django_filters.NumberFilter(label=_("年度"), min_value=1990, max_value=2100,
                                       field_name=field_name)
