from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from xiezuo.ledgers.filters import LedgerFilter, year_filter
from xiezuo.projects.models import BenefitType, Project, Sector, Status


class ProjectFilter(LedgerFilter):
    year = year_filter()
    sector = django_filters.ModelChoiceFilter(label=_("行业领域"),
                                              queryset=Sector.objects.all())
    status = django_filters.ChoiceFilter(label=_("项目状态"), choices=Status.choices)
    benefit_type = django_filters.ChoiceFilter(label=_("利益联结方式"),
                                               choices=BenefitType.choices)
    donor_consent = django_filters.BooleanFilter(label=_("帮扶方已同意"))

    search_fields = ("name", "implementing_unit", "township", "village")

    class Meta:
        model = Project
        fields: list[str] = []
