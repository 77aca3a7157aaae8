"""One filter set per model, shared by the pages and (later) the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from xiezuo.pairings.models import Kind, Pairing, PairingQuerySet
from xiezuo.regions import names
from xiezuo.regions.models import Level, Region


def _provinces(request: Any = None) -> QuerySet[Region]:
    return Region.objects.filter(level=Level.PROVINCE, valid_to__isnull=True).order_by("code")


class PairingFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("名称或代码"), method="filter_text")
    kind = django_filters.ChoiceFilter(label=_("类型"), choices=Kind.choices)
    level = django_filters.ChoiceFilter(label=_("结对层级"), choices=Level.choices)
    donor_province = django_filters.ModelChoiceFilter(
        label=_("帮扶方省份"), queryset=_provinces, method="filter_donor_province")
    recipient_province = django_filters.ModelChoiceFilter(
        label=_("受援方省份"), queryset=_provinces, method="filter_recipient_province")
    active_on = django_filters.DateFilter(
        label=_("在此日期有效"), method="filter_active_on",
        widget=django_filters.widgets.forms.DateInput(attrs={"type": "date"}))
    year = django_filters.NumberFilter(label=_("年度"), method="filter_year", min_value=1990,
                                       max_value=2100)

    class Meta:
        model = Pairing
        fields: list[str] = []

    def filter_text(self, qs: PairingQuerySet, name: str, value: str) -> PairingQuerySet:
        text = names.to_simplified(value.strip())
        if not text:
            return qs
        return qs.filter(
            Q(donor__name__contains=text) | Q(donor__short_name__contains=text)
            | Q(recipient__name__contains=text) | Q(recipient__short_name__contains=text)
            | Q(donor__code=text) | Q(recipient__code=text) | Q(donor_unit__contains=text)
        )

    def filter_donor_province(self, qs: PairingQuerySet, name: str, value: Region) -> Any:
        return qs.filter(donor__scope_key__startswith=value.scope_key)

    def filter_recipient_province(self, qs: PairingQuerySet, name: str, value: Region) -> Any:
        return qs.filter(recipient__scope_key__startswith=value.scope_key)

    def filter_active_on(self, qs: PairingQuerySet, name: str, value: Any) -> PairingQuerySet:
        return qs.active_on(value)

    def filter_year(self, qs: PairingQuerySet, name: str, value: Any) -> PairingQuerySet:
        return qs.active_in_year(int(value))
