from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from xiezuo.funds import figures
from xiezuo.funds.filters import FundMovementFilter
from xiezuo.funds.forms import FundMovementForm
from xiezuo.funds.models import FundMovement, MovementType, SpendingBook
from xiezuo.ledgers.declare import Column, Ledger, Money, pairing_column, region_column

#: the figures of the list's band, in the order of the money's way, with the overview's names
FIGURE_LABELS = [
    ("committed", _("计划/协议")),
    ("transferred", _("帮扶方拨付")),
    ("received", _("受援方到位")),
    ("allocated", _("安排到项目")),
    ("spent", _("已支出")),
    ("returned", _("退回")),
]

#: a pairing's short label (``Pairing.label``) from values, for the export


class FundMovementLedger(Ledger):
    #: a complete row as an office in 临夏市 writes it: the template's example row, and
    #: what the checks every ledger passes enter by the form, a sheet and the API
    import_example = {
        "year": "2024",
        "date": "2024年3月23日",
        "type": "拨付",
        "source": "财政援助资金",
        "amount": "150",
        "region": "临夏市",
        "document_no": "济财协〔2024〕12号",
    }
    model = FundMovement
    form = FundMovementForm
    filterset = FundMovementFilter
    namespace = "funds"
    nav_order = 30
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
        region_column(),
        Column("project", render=lambda o: o.project or "", fetch=("project__name",)),
        pairing_column(),
        Column("document_no", in_list=False),
        Column("override_reason", in_list=False),
        Column("notes", in_list=False),
    ]

    @classmethod
    def can_bulk_insert(cls, obj: Any) -> bool:
        """Import: a movement may be inserted with others in one statement unless it is a
        spending beyond what the import's spending book says its project has left (saved
        alone: ``save()`` records the administrator's override)."""
        if obj.type != MovementType.SPENDING:
            return True
        book = SpendingBook.current()
        return bool(book is not None and book.holds(obj.project_id)
                    and obj.amount <= book.available(obj.project_id))

    @classmethod
    def import_guard(cls, user: Any) -> SpendingBook:
        """Import: the projects a file names are locked once and the spending guard runs
        in memory over the stored rows and the file's earlier rows (see SpendingBook)."""
        return SpendingBook()

    @classmethod
    def summary(cls, qs: Any) -> list[tuple[Any, Any, Any]]:
        """The figures of ``figures.py`` over the listed movements, the rule the overview,
        the indicators and the API use: a transfer counts once as the donor's 拨付 and once as
        the recipient's 到位, never as the sum of both sides' records of it. Figures with
        nothing behind them are left out."""
        total = figures.totals(qs)
        money = cls.columns[4]
        return [(label, getattr(total, name), money) for name, label in FIGURE_LABELS
                if getattr(total, name)]

    @classmethod
    def totals(cls, qs: Any) -> dict[str, Any]:
        return {}
