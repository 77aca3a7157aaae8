from __future__ import annotations

from typing import Any

from django.db.models import Avg, Count, Q
from django.utils.translation import gettext_lazy as _

from xiezuo.labour.filters import LabourCountFilter, LabourRecordFilter, TrainingBaseFilter
from xiezuo.labour.forms import LabourCountForm, LabourRecordForm, TrainingBaseForm
from xiezuo.labour.models import LabourCount, LabourRecord, Status, TrainingBase
from xiezuo.ledgers.declare import (
    Column,
    Ledger,
    Money,
    Number,
    Section,
    pairing_column,
    region_column,
)
from xiezuo.ledgers.inlines import child_count

GROUP = _("劳务协作")
COUNT = Number("count")
INCOME = Money("monthly_income", total=False, money_unit="yuan")


class LabourRecordLedger(Ledger):
    #: a complete row as an office in 临夏市 writes it: the template's example row, and
    #: what the checks every ledger passes enter by the form, a sheet and the API
    import_example = {
        "year": "2024",
        "name": "马小明",
        "id_number": "622901199001010010",
        "region": "临夏市",
        "village": "折桥镇大庄村",
        "status": "脱贫劳动力",
        "destination": "到帮扶方地区就业",
        "employer": "济南某物流有限公司",
        "start_date": "2024年3月1日",
        "monthly_income": "4500元",
        "organised": "是",
    }
    model = LabourRecord
    form = LabourRecordForm
    filterset = LabourRecordFilter
    namespace = "labour:people"
    nav_label = _("就业人员")
    nav_order = 10
    group_label = GROUP
    select_related = ("pairing__donor", "pairing__recipient", "region", "training_base")
    ordering = ("-year", "region__code", "name", "id")
    natural_key = ("year", "id_number")
    columns = [
        Column("year"),
        Column("name", link=True),
        Column("id_number", personal=True),
        Column("status"),
        region_column(_("户籍所在县")),
        Column("village"),
        Column("destination"),
        Column("workplace", in_list=False),
        Column("employer"),
        Column("start_date"),
        INCOME,
        Column("organised"),
        Column("training_base", render=lambda o: o.training_base or "",
               fetch=("training_base__name",), in_list=False),
        Column("phone", personal=True, in_list=False),
        pairing_column(in_list=False),
        Column("notes", in_list=False),
    ]
    sections = [
        Section(_("人员"), ["year", "name", "id_number", "phone", "status", "region",
                            "village"]),
        Section(_("就业"), ["destination", "workplace", "employer", "start_date",
                            "monthly_income", "organised", "training_base", "pairing",
                            "notes"]),
    ]

    @classmethod
    def can_bulk_insert(cls, obj: Any) -> bool:
        """Imported rows are saved one by one: each is checked against those before it
        (one record per person and year)."""
        return False

    @classmethod
    def summary(cls, qs: Any) -> list[tuple[Any, Any, Any]]:
        f = qs.order_by().aggregate(
            n=Count("pk"), poverty=Count("pk", filter=Q(status=Status.POVERTY)),
            monitored=Count("pk", filter=Q(status=Status.MONITORED)),
            organised=Count("pk", filter=Q(organised=True)), income=Avg("monthly_income"))
        return [
            (_("就业人数"), f["n"], COUNT),
            (_("其中：脱贫劳动力"), f["poverty"], COUNT),
            (_("其中：监测对象"), f["monitored"], COUNT),
            (_("有组织输出"), f["organised"], COUNT),
            (_("平均月收入"), f["income"] and round(f["income"], 2), INCOME),
        ]


class LabourCountLedger(Ledger):
    #: a complete row as an office in 临夏市 writes it: the template's example row, and
    #: what the checks every ledger passes enter by the form, a sheet and the API
    import_example = {
        "year": "2024",
        "region": "临夏市",
        "period_start": "2024年1月1日",
        "period_end": "2024年6月30日",
        "destination": "就近就业",
        "persons": "35",
        "persons_poverty": "20",
    }
    model = LabourCount
    form = LabourCountForm
    filterset = LabourCountFilter
    namespace = "labour:counts"
    nav_label = _("汇总数填报")
    nav_order = 20
    group_label = GROUP
    ordering = ("-year", "region__code", "-period_end", "id")
    natural_key = ("region", "year", "destination", "period_start")
    columns = [
        Column("year"),
        region_column(),
        Column("period_start", link=True),
        Column("period_end"),
        Column("destination"),
        Number("persons"),
        Number("persons_poverty"),
        Number("persons_monitored"),
        Number("persons_organised"),
        pairing_column(),
        Column("notes", in_list=False),
    ]

    @classmethod
    def can_bulk_insert(cls, obj: Any) -> bool:
        """Imported rows are saved one by one: each is checked against those before it
        (periods that overlap)."""
        return False


class TrainingBaseLedger(Ledger):
    #: a complete row as an office in 临夏市 writes it: the template's example row, and
    #: what the checks every ledger passes enter by the form, a sheet and the API
    import_example = {
        "name": "临夏市家政服务培训基地",
        "trade": "家政服务",
        "region": "临夏市",
        "operator": "临夏市就业服务中心",
        "partner": "济南阳光大姐服务有限责任公司",
        "established_on": "2024年3月8日",
        "is_active": "是",
    }
    model = TrainingBase
    form = TrainingBaseForm
    filterset = TrainingBaseFilter
    namespace = "labour:bases"
    nav_order = 30
    group_label = GROUP
    ordering = ("name", "id")
    natural_key = ("name",)
    columns = [
        Column("name", link=True),
        Column("trade"),
        region_column(),
        Column("operator"),
        Column("partner"),
        Column("established_on"),
        Number("yearly_capacity"),
        Number("labourer_count", _("输出就业人数"), fetch=("labourer_count",)),
        Column("is_active"),
        Column("address", in_list=False),
        pairing_column(in_list=False),
        Column("notes", in_list=False),
    ]

    @classmethod
    def queryset(cls) -> Any:
        return super().queryset().annotate(
            labourer_count=child_count(LabourRecord, "training_base"))
