"""Importable kinds that are not ledgers. Ledgers need nothing here (see spec.importables)."""

from __future__ import annotations

from typing import ClassVar

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from xiezuo.core.scoping import Action
from xiezuo.pairings.forms import PairingForm
from xiezuo.pairings.models import Pairing
from xiezuo.transfer.spec import Importable, register


@register
class PairingImport(Importable):
    key = "pairings.pairing"
    model = Pairing
    form = PairingForm
    natural_key = ("donor", "donor_unit", "recipient", "kind", "start_date")
    action = Action.MANAGE
    list_url = "pairings:list"
    title: ClassVar[str | Promise] = _("结对关系")
    example: ClassVar[dict[str, str]] = {
        "donor": "济南市", "recipient": "临夏回族自治州", "kind": "东西部协作",
        "start_date": "2021年1月1日"}
