from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from xiezuo.ledgers.declare import Column, Ledger, Money, pairing_column, region_column
from xiezuo.ledgers.inlines import Inline, child_sum
from xiezuo.social.filters import SocialPairingFilter
from xiezuo.social.forms import SocialPairingForm
from xiezuo.social.models import Donation, SocialPairing


class SocialPairingLedger(Ledger):
    #: a complete row as an office in 临夏市 writes it: the template's example row, and
    #: what the checks every ledger passes enter by the form, a sheet and the API
    import_example = {
        "kind": "村企结对",
        "helper_name": "济南某食品有限公司",
        "helped_name": "折桥镇大庄村",
        "region": "临夏市",
        "start_date": "2024年5月1日",
        "content": "订单收购与务工",
    }
    model = SocialPairing
    form = SocialPairingForm
    filterset = SocialPairingFilter
    namespace = "social"
    nav_order = 40
    group_label = _("结对关系")
    select_related = ("pairing__donor", "pairing__recipient", "region", "helper", "helped")
    ordering = ("-start_date", "id")
    columns = [
        Column("kind"),
        Column("helper", link=True, fetch=("helper__name",)),
        Column("helped", fetch=("helped__name",)),
        region_column(_("受帮扶方所在县")),
        Column("start_date"),
        Column("end_date"),
        Money("donated_money", _("捐款"), fetch=("donated_money",)),
        Money("donated_goods", _("捐物折款"), fetch=("donated_goods",)),
        Column("content", in_list=False),
        pairing_column(),
        Column("notes", in_list=False),
    ]
    inlines = [Inline(Donation, ("date", "money", "goods", "goods_value"), _("捐赠"),
                      fk_name="social_pairing", ordering=("date", "id"))]

    @classmethod
    def can_bulk_insert(cls, obj: Any) -> bool:
        """Imported rows are saved one by one: each is checked against those before it
        (the same two parties paired twice at once)."""
        return False

    @classmethod
    def queryset(cls) -> Any:
        return super().queryset().annotate(
            donated_money=child_sum(Donation, "social_pairing", "money"),
            donated_goods=child_sum(Donation, "social_pairing", "goods_value"))
