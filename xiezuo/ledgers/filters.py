"""Filters every ledger list has: text, year, region (with everything below it), pairing."""

from __future__ import annotations

from typing import Any, ClassVar

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from xiezuo.core.personal import contains_personal, may_see_personal_data, reveal
from xiezuo.pairings.models import Pairing
from xiezuo.regions import names
from xiezuo.regions.models import Region, RegionLookupError


class LedgerFilter(django_filters.FilterSet):
    """A ledger list's filters for ``user`` (the request's, or given: a background export
    filters as the person who asked for it)."""

    q = django_filters.CharFilter(label=_("关键词"), method="filter_text")
    region = django_filters.CharFilter(label=_("地区（含下级）"), method="filter_region")
    pairing = django_filters.ModelChoiceFilter(label=_("结对关系"),
                                               queryset=Pairing.objects.none())

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
        pairing: Any = self.filters["pairing"]
        pairing.queryset = Pairing.objects.visible_to(self.user).with_regions()

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


def year_filter(field_name: str | None = None) -> django_filters.NumberFilter:
    """年度: the ``year`` field, or e.g. ``field_name="date__year"`` for a dated ledger."""
    return django_filters.NumberFilter(label=_("年度"), min_value=1990, max_value=2100,
                                       field_name=field_name)
