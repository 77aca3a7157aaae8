from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from xiezuo.core.renderers import input_html, text_html, writes
from xiezuo.regions.models import Region, RegionLookupError


class RegionInput(forms.TextInput):
    """A text box with suggestions from the registry as one types (htmx, no CDN). A subclass
    suggests something else by naming its own ``suggest_url`` and ``placeholder``."""

    template_name = "regions/region_input.html"
    suggest_url: Any = reverse_lazy("regions:suggest")
    placeholder: Any = _("代码、全称、简称或繁体，如 622901 / 临夏市")

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        defaults = {
            "autocomplete": "off",
            "placeholder": self.placeholder,
            "hx-get": self.suggest_url,
            "hx-trigger": "keyup changed delay:250ms",
            "hx-swap": "innerHTML",
        }
        super().__init__({**defaults, **(attrs or {})})

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        list_id = f"{widget_attrs.get('id', name)}-suggestions"
        widget_attrs["list"] = list_id
        widget_attrs["hx-target"] = f"#{list_id}"
        context["widget"]["list_id"] = list_id
        return context


@writes(RegionInput.template_name)
def _region_input(widget: dict[str, Any]) -> str:
    """``regions/region_input.html`` in Python (every list's filter form has two)."""
    return f'{input_html(widget)}\n<datalist id="{text_html(widget["list_id"])}"></datalist>\n'


class RegionField(forms.Field):
    """Accepts a code, a full, short, qualified or traditional name; yields one Region."""

    widget = RegionInput

    def __init__(self, *, levels: list[str] | None = None, **kwargs: Any) -> None:
        self.levels = levels
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Region):
            return f"{value.code} {value.name}"
        if isinstance(value, int) or (isinstance(value, str) and value.isascii()
                                      and value.isdigit() and len(value) < 6):
            region = Region.objects.filter(pk=value).first()
            return f"{region.code} {region.name}" if region else value
        return value

    def to_python(self, value: Any) -> Region | None:
        if value in self.empty_values:
            return None
        if isinstance(value, Region):
            return value
        text = str(value).strip()
        # "622901 临夏市" as the widget shows it: the code decides.
        head = text.split(" ", 1)[0]
        if head.isdigit() and " " in text:
            text = head
        try:
            region = Region.objects.resolve(text, on=dt.date.today())
        except RegionLookupError as exc:
            raise forms.ValidationError(str(exc), code="region") from exc
        if self.levels and region.level not in self.levels:
            raise forms.ValidationError(
                _("「%(r)s」是%(l)s区划，此处需要：%(need)s。"),
                code="level",
                params={"r": region.name, "l": region.get_level_display(),
                        "need": "、".join(str(dict(Region._meta.get_field("level").choices
                                                    or [])[x]) for x in self.levels)},
            )
        return region
