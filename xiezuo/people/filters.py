from __future__ import annotations

from typing import Any

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xiezuo.ledgers.filters import LedgerFilter, year_filter
from xiezuo.people.models import Cadre, CadreType, Direction, TargetGroup, Team, TeamKind, Training


class CadreFilter(LedgerFilter):
    year = django_filters.NumberFilter(label=_("在岗年度"), method="filter_year",
                                       min_value=1990, max_value=2100)
    direction = django_filters.ChoiceFilter(label=_("派出方向"), choices=Direction.choices)
    type = django_filters.ChoiceFilter(label=_("人才类型"), choices=CadreType.choices)
    in_post = django_filters.BooleanFilter(label=_("今天在岗"), method="filter_in_post")
    in_team = django_filters.BooleanFilter(label=_("组团式"), field_name="team",
                                           lookup_expr="isnull", exclude=True)

    search_fields = ("name", "home_unit", "host_unit", "post", "team__name")
    personal_search_fields = ("id_number",)

    class Meta:
        model = Cadre
        fields: list[str] = []

    def filter_year(self, qs: Any, name: str, value: Any) -> Any:
        return qs.in_year(int(value)) if value else qs

    def filter_in_post(self, qs: Any, name: str, value: bool | None) -> Any:
        if value is None:
            return qs
        current = qs.in_post_on(timezone.localdate())
        return current if value else qs.exclude(pk__in=current.values("pk"))


class TeamFilter(LedgerFilter):
    year = year_filter("start_date__year")
    kind = django_filters.ChoiceFilter(label=_("类型"), choices=TeamKind.choices)

    search_fields = ("name", "host_unit")

    class Meta:
        model = Team
        fields: list[str] = []


class TrainingFilter(LedgerFilter):
    year = year_filter("start_date__year")
    target_group = django_filters.ChoiceFilter(label=_("培训对象"), choices=TargetGroup.choices)

    search_fields = ("topic", "place")

    class Meta:
        model = Training
        fields: list[str] = []
