from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from xiezuo.indicators.filters import AnnualTargetFilter, ManualEntryFilter
from xiezuo.indicators.forms import AnnualTargetForm, ManualEntryForm
from xiezuo.indicators.models import AnnualTarget, ManualEntry
from xiezuo.ledgers.declare import Column, Ledger


def _value(obj: Any) -> str:
    from xiezuo.core.money import format_amount

    if obj.indicator.is_money:
        return format_amount(obj.value)
    return f"{obj.value.normalize():f} {obj.indicator.unit}"


class AnnualTargetLedger(Ledger):
    #: a complete row as an office in 临夏市 writes it: the template's example row, and
    #: what the checks every ledger passes enter by the form, a sheet and the API
    import_example = {
        "year": "2024",
        "indicator": "培训人次",
        "value": "300",
        "region": "临夏市",
        "agreement": "2024年度东西部协作协议",
    }
    reported = False  # not work done: no monthly report owes it
    model = AnnualTarget
    form = AnnualTargetForm
    filterset = AnnualTargetFilter
    namespace = "indicators:targets"
    nav_order = 20
    group_label = _("目标考核")
    select_related = ("pairing__donor", "pairing__recipient", "region", "indicator")
    ordering = ("-year", "pairing__recipient__code", "indicator__sort_order")
    columns = [
        Column("year"),
        Column("pairing", render=lambda o: o.pairing.label, link=True),
        Column("indicator"),
        Column("value", render=_value, css="num"),
        Column("agreement"),
        Column("notes", in_list=False),
    ]


class ManualEntryLedger(Ledger):
    #: a complete row as an office in 临夏市 writes it: the template's example row, and
    #: what the checks every ledger passes enter by the form, a sheet and the API
    import_example = {
        "year": "2024",
        "indicator": "帮助农村劳动力就业",
        "as_of": "2024年6月30日",
        "value": "120",
        "region": "临夏市",
        "basis": "临夏市人社局 2024 年 6 月报表",
    }
    reported = False  # not work done: no monthly report owes it
    model = ManualEntry
    form = ManualEntryForm
    filterset = ManualEntryFilter
    namespace = "indicators:manual"
    nav_order = 30
    group_label = _("目标考核")
    select_related = ("pairing__donor", "pairing__recipient", "region", "indicator")
    ordering = ("-year", "region__code", "indicator__sort_order")
    columns = [
        Column("year"),
        Column("indicator", link=True),
        Column("region", render=lambda o: o.region.name),
        Column("pairing", render=lambda o: o.pairing.label),
        Column("as_of"),
        Column("value", render=_value, css="num"),
        Column("basis"),
        Column("notes", in_list=False),
    ]
