from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from xiezuo.labour.models import Destination, LabourCount, LabourRecord, Status, TrainingBase
from xiezuo.ledgers.filters import LedgerFilter, year_filter


class LabourRecordFilter(LedgerFilter):
    year = year_filter()
    status = django_filters.ChoiceFilter(label=_("人员类别"), choices=Status.choices)
    destination = django_filters.ChoiceFilter(label=_("就业去向"), choices=Destination.choices)
    organised = django_filters.BooleanFilter(label=_("有组织输出"))

    search_fields = ("name", "village", "employer", "workplace", "training_base__name")
    personal_search_fields = ("id_number",)

    class Meta:
        model = LabourRecord
        fields: list[str] = []


class LabourCountFilter(LedgerFilter):
    year = year_filter()
    destination = django_filters.ChoiceFilter(label=_("就业去向"), choices=Destination.choices)

    search_fields = ("notes",)

    class Meta:
        model = LabourCount
        fields: list[str] = []


class TrainingBaseFilter(LedgerFilter):
    year = year_filter("established_on__year")
    is_active = django_filters.BooleanFilter(label=_("运营中"))

    search_fields = ("name", "trade", "operator", "partner")

    class Meta:
        model = TrainingBase
        fields: list[str] = []
