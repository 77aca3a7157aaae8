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


class FixedChoicesMixin:
    """Choices fixed when the field is made (a model field's choices): every form made from
    the class shares the one list instead of deep-copying it, as Django does for each form,
    and a value is checked against the set of its keys instead of a walk through the list.
    Safe because choices are only ever replaced (``field.choices = ...``), never changed in
    place."""

    _choices: Any

    def __deepcopy__(self, memo: dict[int, Any]) -> Any:
        return forms.Field.__deepcopy__(self, memo)  # type: ignore[attr-defined]

    def valid_value(self, value: Any) -> bool:
        """As ``ChoiceField.valid_value`` (the value or its text equals a key, in a group or
        not), against the keys of the current choices, gathered once."""
        known = self.__dict__.get("_keys_of")
        if known is None or known[0] is not self._choices:
            keys: set[str] = set()
            for key, label in self._choices:
                if isinstance(label, list | tuple):
                    keys.update(str(k) for k, _v in label)
                else:
                    keys.add(str(key))
            known = self.__dict__["_keys_of"] = (self._choices, keys)
        return str(value) in known[1]


class FixedChoiceField(FixedChoicesMixin, forms.ChoiceField):
    pass


class FixedTypedChoiceField(FixedChoicesMixin, forms.TypedChoiceField):
    pass


class MoneyFormField(forms.MultiValueField):
    """Amount + unit (元 / 万元 / 亿元) in, exact Decimal yuan out."""

    widget = MoneyWidget
    default_error_messages = {"incomplete": _("请填写金额。")}

    def __init__(self, **kwargs: Any) -> None:
        kwargs.pop("decimal_places", None)
        kwargs.pop("max_digits", None)
        # The unit select always sends a value: an empty amount is "no amount", refused below
        # only when the field is required (an optional amount may be left empty).
        fields = (forms.CharField(required=False),
                  FixedChoiceField(choices=Unit.choices, required=False))
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

