from __future__ import annotations

from typing import Any

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from xiezuo.funds.filters import FundMovementFilter
from xiezuo.funds.forms import FundMovementForm
from xiezuo.funds.models import FundMovement, MovementType
from xiezuo.ledgers.declare import Column, Ledger, Money


class FundMovementLedger(Ledger):
    model = FundMovement
    form = FundMovementForm
    filterset = FundMovementFilter
    namespace = "funds"
    group_label = _("项目资金")
    select_related = ("pairing__donor", "pairing__recipient", "region", "project")
    ordering = ("-date", "-id")
    natural_key = ("date", "type", "source", "amount", "reported_by", "region", "project",
                   "document_no")
    columns = [
        Column("date", link=True),
        Column("year"),
        Column("type"),
        Column("source"),
        Money("amount", total=False),
        Column("reported_by"),
        Column("region", render=lambda o: o.region.short_name),
        Column("project", render=lambda o: o.project or ""),
        Column("pairing", render=lambda o: o.pairing.label),
        Column("document_no", in_list=False),
        Column("override_reason", in_list=False),
        Column("notes", in_list=False),
    ]

    @classmethod
    def can_bulk_insert(cls, obj: Any) -> bool:
        """Import: every movement but a spending may be inserted with others in one statement
        (a spending is saved alone: save() checks it against the allocation under lock)."""
        return bool(obj.type != MovementType.SPENDING)

    @classmethod
    def summary(cls, qs: Any) -> list[tuple[Any, Any, Any]]:
        """One total per movement type (adding 拨付 to 支出 would mean nothing)."""
        labels = dict(MovementType.choices)
        rows = qs.order_by().values("type").annotate(total=Sum("amount"))
        found = {r["type"]: r["total"] for r in rows}
        money = cls.columns[4]
        return [(labels[t], found[t], money) for t in MovementType.values if t in found]

    @classmethod
    def totals(cls, qs: Any) -> dict[str, Any]:
        return {}
