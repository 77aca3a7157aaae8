from __future__ import annotations

from typing import Any

import django_filters
from django.utils.translation import gettext_lazy as _

from xiezuo.ledgers.filters import LedgerFilter, year_filter
from xiezuo.meetings.models import Agreement, AgreementKind, Direction, EventType, Meeting


class MeetingFilter(LedgerFilter):
    year = year_filter("start_date__year")
    type = django_filters.ChoiceFilter(label=_("活动类型"), choices=EventType.choices)
    direction = django_filters.ChoiceFilter(label=_("考察方向"), choices=Direction.choices)
    official = django_filters.CharFilter(label=_("出席领导"), method="filter_official")

    search_fields = ("title", "place", "summary")

    class Meta:
        model = Meeting
        fields: list[str] = []

    def filter_official(self, qs: Any, name: str, value: str) -> Any:
        if not value.strip():
            return qs
        return qs.filter(pk__in=Meeting.objects.filter(
            officials__name__icontains=value.strip()).values("pk"))


class AgreementFilter(LedgerFilter):
    year = year_filter("signed_on__year")
    kind = django_filters.ChoiceFilter(label=_("协议类型"), choices=AgreementKind.choices)
    with_amount = django_filters.BooleanFilter(label=_("写明金额"), field_name="amount",
                                               lookup_expr="isnull", exclude=True)

    search_fields = ("title", "party_a", "party_b", "meeting__title")

    class Meta:
        model = Agreement
        fields: list[str] = []
