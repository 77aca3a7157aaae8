from __future__ import annotations

from typing import Any

import django_filters
from django.utils.translation import gettext_lazy as _

from xiezuo.consumption.models import BuyerType, Category, Channel, Consumption, Kind
from xiezuo.ledgers.filters import LedgerFilter, year_filter


class ConsumptionFilter(LedgerFilter):
    year = year_filter("date__year")
    kind = django_filters.ChoiceFilter(label=_("方式"), choices=Kind.choices)
    buyer_type = django_filters.ChoiceFilter(label=_("购买方类型"), choices=BuyerType.choices)
    channel = django_filters.ChoiceFilter(label=_("渠道"), choices=Channel.choices)
    category = django_filters.ChoiceFilter(label=_("产品类别"), choices=Category.choices)
    date_from = django_filters.DateFilter(label=_("起始日期"), field_name="date",
                                          lookup_expr="gte")
    date_to = django_filters.DateFilter(label=_("截止日期"), field_name="date", lookup_expr="lte")
    evidence = django_filters.BooleanFilter(label=_("有佐证材料"), method="filter_evidence")

    search_fields = ("buyer", "product", "supplier")

    class Meta:
        model = Consumption
        fields: list[str] = []

    def filter_evidence(self, qs: Any, name: str, value: bool | None) -> Any:
        if value is None:
            return qs
        return qs.filter(evidence_count__gt=0) if value else qs.filter(evidence_count=0)
