from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from xiezuo.core.locale import localized
from xiezuo.indicators.filters import AnnualTargetFilter, ManualEntryFilter
from xiezuo.indicators.forms import AnnualTargetForm, ManualEntryForm
from xiezuo.indicators.models import AnnualTarget, ManualEntry
from xiezuo.ledgers.declare import Column, Ledger, pairing_column


def _value(obj: Any) -> str:
    return _value_of(obj.value, obj.indicator.is_money, obj.indicator.unit)


def _value_of(value: Decimal, is_money: bool, unit: str) -> str:
    """A target or figure with its indicator's unit: 300 人次, 1,250.00 万元."""
    from xiezuo.core.money import format_amount

    if is_money:
        return format_amount(value)
    return f"{value.normalize():f} {unit}"


#: an indicator by its label (``Indicator.label``), read as values by the export
INDICATOR_LABEL: dict[str, Any] = {"fetch": ("indicator__name", "indicator__name_en"),
                                   "combine": localized}
#: the value with its indicator's unit, read as values by the export
VALUE: dict[str, Any] = {"fetch": ("value", "indicator__is_money", "indicator__unit"),
                         "combine": _value_of}


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
        pairing_column(link=True),
        Column("indicator", **INDICATOR_LABEL),
        Column("value", render=_value, css="num", **VALUE),
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
        Column("indicator", link=True, **INDICATOR_LABEL),
        Column("region", render=lambda o: o.region.name, fetch=("region__name",)),
        pairing_column(),
        Column("as_of"),
        Column("value", render=_value, css="num", **VALUE),
        Column("basis"),
        Column("notes", in_list=False),
    ]
