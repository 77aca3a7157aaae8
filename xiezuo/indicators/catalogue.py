"""The national indicator catalogue, preloaded as data.

Each indicator names the ledger it counts by its model (``funds.FundMovement``), as an edited
indicator does; the ledgers themselves are the declared ones (``ledgers.declare``). An
indicator whose ledger is not installed is listed as "not available" rather than failing.
"""

from __future__ import annotations

from typing import Any

# (code, name, name_en, unit, is_money, side, ledger model, aggregation, value_field, filters,
#  parent code, period type, per county)
NATIONAL: list[tuple[Any, ...]] = [
    ("fiscal_aid", "财政援助资金", "Fiscal aid", "元", True, "east",
     "funds.FundMovement", "sum", "amount",
     {"type": "transfer", "source": "fiscal", "reported_by": "donor"}, None, "annual", True),
    ("fiscal_aid_received", "受援方到位财政援助资金", "Fiscal aid received", "元", True, "west",
     "funds.FundMovement", "sum", "amount",
     {"type": "transfer", "source": "fiscal", "reported_by": "recipient"}, None, "annual",
     False),
    ("social_funds", "社会帮扶资金", "Social assistance funds", "元", True, "east",
     "funds.FundMovement",
     "sum", "amount", {"type": "transfer", "source": "social", "reported_by": "donor"}, None,
     "annual", False),
    ("funds_spent", "资金支出", "Funds spent", "元", True, "west",
     "funds.FundMovement", "sum", "amount",
     {"type": "spending"}, None, "annual", False),
    ("cadres", "选派挂职干部", "Cadres seconded", "人", False, "both", "people.Cadre", "count", "",
     {"type": "party_government"}, None, "annual", False),
    ("technicians", "选派专业技术人才", "Technicians sent", "人", False, "both", "people.Cadre",
     "count", "", {"type__in": ["education", "medical", "agriculture", "science"]}, None,
     "annual", False),
    ("trainees", "培训人次", "Trainees", "人次", False, "both", "people.Training", "sum",
     "participants", {}, None, "annual", False),
    ("trainees_poverty", "其中：脱贫人口", "of which: people lifted out of poverty", "人次",
     False, "both", "people.Training", "sum", "participants_poverty", {}, "trainees", "annual",
     False),
    ("labour_jobs", "帮助农村劳动力就业", "Rural labourers into jobs", "人", False, "west",
     "labour.LabourRecord", "distinct", "id_number", {}, None, "annual", False),
    ("labour_jobs_poverty", "其中：脱贫劳动力", "of which: labourers lifted out of poverty",
     "人", False, "west", "labour.LabourRecord", "distinct", "id_number", {"status": "poverty"},
     "labour_jobs", "annual", False),
    ("consumption_purchased", "采购受援地农畜产品", "Products purchased", "元", True, "east",
     "consumption.Consumption", "sum", "amount", {"kind": "purchase"}, None, "annual", False),
    ("consumption_helped", "帮助销售受援地农畜产品", "Products helped to sell", "元", True,
     "east",
      "consumption.Consumption", "sum", "amount", {"kind": "help_sell"}, None, "annual", False),
    ("enterprises", "引导企业到受援地投资", "Enterprises attracted", "家", False, "both",
     "industry.Enterprise", "count", "", {}, None, "annual", False),
    ("investment", "企业实际到位投资", "Actual investment", "元", True, "both",
     "industry.Enterprise", "sum", "actual_investment", {}, None, "annual", False),
    ("parks", "共建产业园区", "Co-built industrial parks", "个", False, "both", "industry.Park",
     "count", "", {}, None, "cumulative", False),
    ("village_enterprise", "村企结对", "Village-enterprise pairings", "对", False, "both",
     "social.SocialPairing",
      "count", "", {"kind": "village_enterprise"}, None, "cumulative", False),
    ("projects", "实施帮扶项目", "Aid projects", "个", False, "west",
     "projects.Project", "count", "",
     {}, None, "annual", False),
    ("projects_building", "其中：在建", "of which: under construction", "个", False, "west",
     "projects.Project", "count", "", {"status": "building"}, "projects", "annual", False),
    ("projects_completed", "其中：已完工", "of which: completed", "个", False, "west",
     "projects.Project", "count", "", {"status__in": ["completed", "accepted", "operating"]},
     "projects", "annual", False),
    ("joint_meetings", "召开联席会议", "Joint conferences", "次", False, "both", "meetings.Meeting",
     "count", "", {"type": "joint_meeting"}, None, "annual", False),
]

#: Indicators that add up more than one ledger (``Indicator.also``): code → extra measures.
#: People helped into jobs are listed one by one (a distinct count of ID numbers) or, where a
#: place reports totals only, as counts: a place and year is kept in one form or the other
#: (the labour ledgers refuse the second), so adding the two counts nobody twice.
ALSO: dict[str, list[dict[str, Any]]] = {
    "labour_jobs": [{"source": "labour.LabourCount", "aggregation": "sum",
                     "value_field": "persons", "filters": {}}],
    "labour_jobs_poverty": [{"source": "labour.LabourCount", "aggregation": "sum",
                             "value_field": "persons_poverty", "filters": {}}],
}


def load(indicator_model: Any = None) -> list[Any]:
    """Create the national catalogue's indicators that are missing (idempotent); a data
    migration passes its historical model."""
    if indicator_model is None:
        from xiezuo.indicators.models import Indicator as indicator_model
    made: dict[str, Any] = {}
    has_also = any(f.name == "also" for f in indicator_model._meta.get_fields())
    for order, row in enumerate(NATIONAL):
        (code, name, name_en, unit, is_money, side, ledger, aggregation, value_field,
         filters, parent, period_type, per_county) = row
        extra = {"also": ALSO.get(code, [])} if has_also else {}
        obj, _created = indicator_model.objects.get_or_create(
            code=code, valid_from=None, defaults={**extra,
                "name": name, "name_en": name_en, "unit": unit, "is_money": is_money,
                "side": side, "source": ledger, "aggregation": aggregation,
                "value_field": value_field, "filters": filters,
                "parent": made.get(parent) if parent else None, "period_type": period_type,
                "per_county": per_county, "sort_order": (order + 1) * 10})
        made[code] = obj
    return list(made.values())


def add_also(indicator_model: Any) -> None:
    """Give the national catalogue's indicators their extra ledgers (a data migration)."""
    for code, also in ALSO.items():
        for obj in indicator_model.objects.filter(code=code, valid_from=None):
            if not obj.also:
                obj.also = also
                obj.save(update_fields=["also"])
