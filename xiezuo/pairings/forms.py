from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from xiezuo.pairings.models import Pairing
from xiezuo.regions.forms import RegionField


class PairingForm(forms.ModelForm):
    donor = RegionField(label=_("帮扶方"), required=False,
                        help_text=_("帮扶方行政区划；定点帮扶的中央单位留空并填写帮扶单位"))
    recipient = RegionField(label=_("受援方"))

    class Meta:
        model = Pairing
        fields = ("donor", "donor_unit", "recipient", "kind", "level", "start_date", "end_date",
                  "parent", "notes")
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parents: Any = Pairing.objects.visible_to(user).with_regions().order_by("recipient__code")
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        parent_field = self.fields["parent"]
        assert isinstance(parent_field, forms.ModelChoiceField)
        parent_field.queryset = parents.filter(level__in=("province", "prefecture", "county"))

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        recipient = cleaned.get("recipient")
        if recipient is not None and not cleaned.get("level"):
            cleaned["level"] = recipient.level
            self.instance.level = recipient.level
        return cleaned
