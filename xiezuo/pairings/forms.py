from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from xiezuo.pairings.models import Pairing
from xiezuo.regions.forms import RegionField, RegionInput


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


class PairingInput(RegionInput):
    """A text box for a pairing, with suggestions from the pairings the user sees as one types
    (htmx, like the region input): "17 济南市 → 临夏回族自治州" picks one pairing by its number;
    without JavaScript a party's code or name works too. ``queryset`` (the user's pairings)
    names the pairing a bare number stands for when the page comes back."""

    suggest_url = reverse_lazy("pairings:suggest")
    placeholder = _("帮扶方或受援方的代码、名称，如 临夏市")

    def __init__(self, attrs: dict[str, Any] | None = None, queryset: Any = None) -> None:
        super().__init__(attrs)
        self.queryset = queryset

    def format_value(self, value: Any) -> str | None:
        text = super().format_value(value)
        if (text and text.isascii() and text.isdigit() and len(text) < 6
                and self.queryset is not None):
            pairing = self.queryset.with_regions().filter(pk=text).first()
            if pairing is not None:
                return f"{pairing.pk} {pairing}"
        return text

