from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from xiezuo.industry.filters import EnterpriseFilter, ParkFilter
from xiezuo.industry.forms import EnterpriseForm, ParkForm
from xiezuo.industry.models import Enterprise, Park, arrival_rate
from xiezuo.ledgers.declare import (
    Column,
    Ledger,
    Money,
    Number,
    Section,
    pairing_column,
    region_column,
)
from xiezuo.ledgers.inlines import child_count, child_sum

GROUP = _("产业协作")


def _rate(o: Any) -> str:
    return _rate_of(o.agreed_investment, o.actual_investment)


def _rate_of(agreed: Decimal | None, actual: Decimal | None) -> str:
    """到位率 as shown: 87.5%."""
    rate = arrival_rate(agreed, actual)
    return "" if rate is None else f"{rate * 100:.1f}%"


class EnterpriseLedger(Ledger):
    #: a complete row as an office in 临夏市 writes it: the template's example row, and
    #: what the checks every ledger passes enter by the form, a sheet and the API
    import_example = {
        "name": "临夏清真食品有限公司",
        "sector": "农产品加工",
        "region": "临夏市",
        "signed_on": "2024年5月8日",
        "agreed_investment": "3000",
        "actual_investment": "1200",
        "jobs": "80",
        "jobs_local": "60",
    }
    model = Enterprise
    form = EnterpriseForm
    filterset = EnterpriseFilter
    namespace = "industry:enterprises"
    nav_order = 10
    group_label = GROUP
    select_related = ("pairing__donor", "pairing__recipient", "region", "origin", "park")
    ordering = ("-signed_on", "name", "id")
    natural_key = ("name", "region", "signed_on")
    columns = [
        Column("name", link=True),
        Column("project", in_list=False),
        Column("origin", render=lambda o: o.origin or "", fetch=("origin__name",)),
        Column("sector"),
        region_column(_("投资地")),
        Column("park", render=lambda o: o.park or "", fetch=("park__name",)),
        Column("signed_on"),
        Column("started_on", in_list=False),
        Money("agreed_investment"),
        Money("actual_investment"),
        Column("arrival_rate", _("到位率"), render=_rate, css="num",
               fetch=("agreed_investment", "actual_investment"), combine=_rate_of),
        Number("jobs"),
        Number("jobs_local"),
        Number("jobs_poverty", in_list=False),
        pairing_column(in_list=False),
        Column("notes", in_list=False),
    ]
    sections = [
        Section(_("企业"), ["name", "origin", "sector", "project", "region", "park", "pairing"]),
        Section(_("投资与就业"), ["signed_on", "started_on", "agreed_investment",
                                  "actual_investment", "arrival_rate", "jobs", "jobs_local",
                                  "jobs_poverty", "notes"]),
    ]


class ParkLedger(Ledger):
    #: a complete row as an office in 临夏市 writes it: the template's example row, and
    #: what the checks every ledger passes enter by the form, a sheet and the API
    import_example = {
        "name": "济南—临夏东西部协作产业园",
        "region": "临夏市",
        "partner": "济南市市中区",
        "established_on": "2024年4月1日",
        "planned_area": "500",
    }
    model = Park
    form = ParkForm
    filterset = ParkFilter
    namespace = "industry:parks"
    nav_order = 20
    group_label = GROUP
    ordering = ("name", "id")
    natural_key = ("name",)
    detail_template = "industry/park_detail.html"
    columns = [
        Column("name", link=True),
        region_column(),
        Column("partner"),
        Column("established_on"),
        Number("planned_area", total=False),
        Money("donor_investment"),
        Number("enterprise_count", _("入园企业"), fetch=("enterprise_count",)),
        Money("enterprise_investment", _("企业实际到位投资"),
              fetch=("enterprise_investment",)),
        Number("enterprise_jobs", _("带动就业（人）"), fetch=("enterprise_jobs",)),
        Column("address", in_list=False),
        pairing_column(),
        Column("notes", in_list=False),
    ]

    @classmethod
    def queryset(cls) -> Any:
        return super().queryset().annotate(
            enterprise_count=child_count(Enterprise, "park"),
            enterprise_investment=child_sum(Enterprise, "park", "actual_investment"),
            enterprise_jobs=child_sum(Enterprise, "park", "jobs", models.IntegerField()))

    @classmethod
    def detail_context(cls, request: Any, obj: Any) -> dict[str, Any]:
        enterprises: Any = (Enterprise.objects.visible_to(request.user).filter(park=obj)
                       .select_related("origin").order_by("signed_on", "name"))
        return {"enterprises": enterprises}
