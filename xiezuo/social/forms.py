from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from xiezuo.ledgers.forms import LedgerForm
from xiezuo.regions import names
from xiezuo.social.models import PARTIES, Organisation, OrgKind, SocialPairing


class SocialPairingForm(LedgerForm):
    """The two parties are typed by name: a known name is the known organisation, a new one
    becomes a new organisation of the kind the pairing implies, saved with the pairing."""

    helper_name = forms.CharField(label=_("帮扶主体"), max_length=100,
                                  help_text=_("乡镇、企业、学校、医院或社会组织的全称"))
    helped_name = forms.CharField(label=_("受帮扶主体"), max_length=100)

    class Meta:
        model = SocialPairing
        fields = ("kind", "helper_name", "helped_name", "region", "pairing", "start_date",
                  "end_date", "content", "notes")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].label = _("受帮扶方所在县")
        if self.instance.pk:
            self.initial.setdefault("helper_name", self.instance.helper.name)
            self.initial.setdefault("helped_name", self.instance.helped.name)
        self.order_fields(self.Meta.fields)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        kind = cleaned.get("kind")
        for field, side in (("helper_name", 0), ("helped_name", 1)):
            name = names.to_simplified((cleaned.get(field) or "").strip())
            if not name or kind not in PARTIES:
                continue
            party = Organisation.objects.filter(name=name).first()
            if party is None:
                kinds = PARTIES[kind][side]
                default = next(k for k in OrgKind.values if k in kinds)
                region = cleaned.get("region") if side == 1 else None
                party = Organisation(name=name, kind=default, region=region)
            setattr(self.instance, field.removesuffix("_name"), party)
        return cleaned

    def _update_errors(self, errors: Any) -> None:
        """The model speaks of helper and helped; the form of their names."""
        found = getattr(errors, "error_dict", {})
        for field in ("helper", "helped"):
            if field in found:
                found.setdefault(f"{field}_name", []).extend(found.pop(field))
        super()._update_errors(errors)  # type: ignore[misc]

    def save(self, commit: bool = True) -> SocialPairing:
        for side in ("helper", "helped"):
            party = getattr(self.instance, side)
            if party.pk is None:
                party.save()
                setattr(self.instance, side, party)
        saved: SocialPairing = super().save(commit)
        return saved
