from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from xiezuo.indicators.models import AnnualTarget, Indicator, ManualEntry
from xiezuo.ledgers.filters import LedgerFilter, year_filter


class AnnualTargetFilter(LedgerFilter):
    year = year_filter()
    indicator = django_filters.ModelChoiceFilter(label=_("指标"),
                                                 queryset=Indicator.objects.all())
    search_fields = ("agreement", "notes")

    class Meta:
        model = AnnualTarget
        fields: list[str] = []


class ManualEntryFilter(LedgerFilter):
    year = year_filter()
    indicator = django_filters.ModelChoiceFilter(label=_("指标"),
                                                 queryset=Indicator.objects.all())
    search_fields = ("basis", "notes")

    class Meta:
        model = ManualEntry
        fields: list[str] = []
