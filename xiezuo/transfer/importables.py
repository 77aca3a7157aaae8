"""Importable kinds that are not ledgers. Ledgers need nothing here (see spec.importables)."""

from __future__ import annotations

from typing import Any, ClassVar

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from xiezuo.core.scoping import Action, Scope
from xiezuo.pairings.forms import PairingForm
from xiezuo.pairings.models import Pairing
from xiezuo.regions.models import Region
from xiezuo.transfer.forms import RegionImportForm
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


@register
class RegionImport(Importable):
    """Divisions of the registry (new codes, renamings, mergers with their successor): for
    the national administrators only, who keep the registry for everyone."""

    key = "regions.region"
    model = Region
    form = RegionImportForm
    natural_key = ("code", "valid_from")
    action = Action.MANAGE
    list_url = "regions:list"
    title: ClassVar[str | Promise] = _("行政区划")
    compare_paths: ClassVar[dict[str, str]] = {
        "parent_code": "parent__code", "successor_code": "successor__code"}
    example: ClassVar[dict[str, str]] = {
        "code": "622901", "name": "临夏市", "level": "县级", "parent_code": "622900",
        "valid_from": "", "valid_to": "", "successor_code": ""}

    @classmethod
    def permitted(cls, user: Any) -> bool:
        scope = Scope.of(user)
        return scope.national and scope.allows(cls.action)

    @classmethod
    def queryset(cls, user: Any, action: Action = Action.VIEW) -> Any:
        """The registry is public reference data; only who may import it is restricted."""
        return Region.objects.all() if cls.permitted(user) else Region.objects.none()

    @classmethod
    def covers(cls, user: Any, obj: Any) -> bool:
        return cls.permitted(user)
