from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from xiezuo.consumption.models import Consumption
from xiezuo.ledgers.forms import LedgerForm


class ConsumptionForm(LedgerForm):
    class Meta:
        model = Consumption
        fields = ("date", "kind", "region", "pairing", "buyer_type", "buyer", "channel",
                  "category", "product", "supplier", "amount", "notes")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].label = _("产地")
        self.fields["region"].help_text = _("产品来自的受援县（市、区）")
        self.fields["amount"].help_text = _("采购与帮助销售分别统计，不相加")
