"""Form fields shared by every ledger."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from xiezuo.core.money import AmountError, Unit, in_unit, to_yuan


class MoneyWidget(forms.MultiWidget):
    template_name = "core/widgets/money.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        widgets = (
            forms.TextInput(attrs={"inputmode": "decimal", "class": "money-amount",
                                   **(attrs or {})}),
            forms.Select(choices=Unit.choices, attrs={"class": "money-unit"}),
        )
        super().__init__(widgets, attrs)

    def decompress(self, value: Any) -> list[Any]:
        if value in (None, ""):
            return [None, Unit.WAN]
        amount = in_unit(Decimal(value), Unit.WAN)
        return [f"{amount:f}", Unit.WAN]


class MoneyFormField(forms.MultiValueField):
    """Amount + unit (元 / 万元 / 亿元) in, exact Decimal yuan out."""

    widget = MoneyWidget
    default_error_messages = {"incomplete": _("请填写金额。")}
    #: the amount depends on the typed value and unit alone (an import remembers it)
    pure_clean = True

    def __init__(self, **kwargs: Any) -> None:
        kwargs.pop("decimal_places", None)
        kwargs.pop("max_digits", None)
        # The unit select always sends a value: an empty amount is "no amount", refused below
        # only when the field is required (an optional amount may be left empty).
        fields = (forms.CharField(required=False),
                  forms.ChoiceField(choices=Unit.choices, required=False))
        super().__init__(fields, require_all_fields=False, **kwargs)

    def compress(self, data_list: list[Any]) -> Decimal | None:
        if not data_list or data_list[0] in (None, ""):
            if self.required:
                raise forms.ValidationError(self.error_messages["incomplete"], code="required")
            return None
        unit = data_list[1] or Unit.WAN
        try:
            return to_yuan(data_list[0], unit)
        except AmountError as exc:
            raise forms.ValidationError(str(exc), code="amount") from exc

