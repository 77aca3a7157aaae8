from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Count, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Cast, Coalesce
from django.utils.translation import gettext_lazy as _

from xiezuo.consumption.filters import ConsumptionFilter
from xiezuo.consumption.forms import ConsumptionForm
from xiezuo.consumption.models import Consumption, Kind
from xiezuo.core.models import Attachment
from xiezuo.ledgers.declare import Column, Ledger, Money, Number, pairing_column, region_column

AMOUNT = Money("amount")


def evidence_count() -> Coalesce:
    """Attachments per entry, as a correlated subquery."""
    ct = ContentType.objects.get_for_model(Consumption)
    rows = (Attachment.objects.filter(content_type=ct,
                                      object_id=Cast(OuterRef("pk"), CharField()))
            .order_by().values("content_type").annotate(n=Count("pk")).values("n"))
    return Coalesce(Subquery(rows), Value(0))


class ConsumptionLedger(Ledger):
    #: a complete row as an office in 临夏市 writes it: the template's example row, and
    #: what the checks every ledger passes enter by the form, a sheet and the API
    import_example = {
        "date": "2024年3月23日",
        "kind": "采购",
        "region": "临夏市",
        "buyer_type": "机关事业单位",
        "buyer": "济南市市中区机关事务服务中心",
        "channel": "单位食堂",
        "category": "肉禽蛋奶",
        "product": "手抓羊肉",
        "amount": "12",
    }
    model = Consumption
    form = ConsumptionForm
    filterset = ConsumptionFilter
    namespace = "consumption"
    nav_label = _("消费帮扶台账")
    group_label = _("消费帮扶")
    ordering = ("-date", "-id")
    natural_key = ("date", "kind", "region", "buyer", "product", "amount")
    columns = [
        Column("date", link=True),
        Column("kind"),
        region_column(_("产地")),
        Column("product"),
        Column("category"),
        Column("buyer_type"),
        Column("buyer"),
        Column("channel"),
        Column("supplier", in_list=False),
        AMOUNT,
        Number("evidence_count", _("佐证材料"), total=False, fetch=("evidence_count",)),
        pairing_column(in_list=False),
        Column("notes", in_list=False),
    ]

    @classmethod
    def queryset(cls) -> Any:
        return super().queryset().annotate(evidence_count=evidence_count())

    @classmethod
    def summary(cls, qs: Any) -> list[tuple[Any, Any, Any]]:
        """采购 and 帮助销售 side by side: they are never added together."""
        rows = {r["kind"]: r for r in qs.order_by().values("kind").annotate(
            total=Sum("amount"), n=Count("pk"))}
        out: list[tuple[Any, Any, Any]] = []
        for kind, label in Kind.choices:
            if kind in rows:
                out.append((label, rows[kind]["total"], AMOUNT))
                out.append((_("%(k)s笔数") % {"k": label}, rows[kind]["n"], Number("n")))
        return out

    @classmethod
    def totals(cls, qs: Any) -> dict[str, Any]:
        """A total only when the rows are all of one kind."""
        kinds = list(qs.order_by().values_list("kind", flat=True).distinct()[:2])
        if len(kinds) != 1:
            return {}
        return {"amount": qs.order_by().aggregate(s=Sum("amount"))["s"]}
