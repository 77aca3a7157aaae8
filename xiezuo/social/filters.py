from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from xiezuo.ledgers.filters import LedgerFilter, year_filter
from xiezuo.social.models import Kind, SocialPairing


class SocialPairingFilter(LedgerFilter):
    year = year_filter("start_date__year")
    kind = django_filters.ChoiceFilter(label=_("结对类型"), choices=Kind.choices)

    search_fields = ("helper__name", "helped__name", "content")

    class Meta:
        model = SocialPairing
        fields: list[str] = []
