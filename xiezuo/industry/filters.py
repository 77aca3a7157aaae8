from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from xiezuo.industry.models import Enterprise, IndustrySector, Park
from xiezuo.ledgers.filters import LedgerFilter, year_filter


class EnterpriseFilter(LedgerFilter):
    year = year_filter("signed_on__year")
    sector = django_filters.ChoiceFilter(label=_("行业"), choices=IndustrySector.choices)
    in_park = django_filters.BooleanFilter(label=_("入驻园区"), field_name="park",
                                           lookup_expr="isnull", exclude=True)
    park = django_filters.NumberFilter(label=_("园区编号"), field_name="park_id")

    search_fields = ("name", "project", "park__name", "origin__name")

    class Meta:
        model = Enterprise
        fields: list[str] = []


class ParkFilter(LedgerFilter):
    year = year_filter("established_on__year")

    search_fields = ("name", "partner", "address")

    class Meta:
        model = Park
        fields: list[str] = []
