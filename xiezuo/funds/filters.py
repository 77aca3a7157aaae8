from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from xiezuo.funds.models import FundMovement, FundSource, MovementType
from xiezuo.ledgers.filters import LedgerFilter, year_filter
from xiezuo.ledgers.models import ReportingSide


class FundMovementFilter(LedgerFilter):
    year = year_filter()
    type = django_filters.ChoiceFilter(label=_("资金环节"), choices=MovementType.choices)
    source = django_filters.ChoiceFilter(label=_("资金来源"), choices=FundSource.choices)
    reported_by = django_filters.ChoiceFilter(label=_("填报方"), choices=ReportingSide.choices)
    date_from = django_filters.DateFilter(label=_("起始日期"), field_name="date",
                                          lookup_expr="gte")
    date_to = django_filters.DateFilter(label=_("截止日期"), field_name="date", lookup_expr="lte")
    project = django_filters.NumberFilter(label=_("项目编号"), field_name="project_id")

    search_fields = ("project__name", "document_no", "notes")

    class Meta:
        model = FundMovement
        fields: list[str] = []
