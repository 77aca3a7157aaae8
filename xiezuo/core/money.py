"""Money: stored as Decimal yuan exact to the fen; entered and shown in 元, 万元 or 亿元."""

from __future__ import annotations

import decimal
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

FEN = Decimal("0.01")
MAX_DIGITS = 16  # up to 99,999,999,999,999.99 yuan (about 1,000 trillion)


class Unit(models.TextChoices):
    YUAN = "yuan", _("元")
    WAN = "wan", _("万元")
    YI = "yi", _("亿元")


FACTOR: dict[str, Decimal] = {"yuan": Decimal(1), "wan": Decimal(10_000),
                              "yi": Decimal(100_000_000)}
SYMBOL: dict[str, str] = {"yuan": "元", "wan": "万元", "yi": "亿元"}


def symbol(unit: str) -> str:
    """The unit's name in the active language (``SYMBOL`` is the Chinese one that sheets'
    headers carry)."""
    return str(Unit(unit).label)


class AmountError(ValueError):
    """An amount that cannot be taken as it is; the message says why, in plain words."""


def to_yuan(value: str | int | Decimal, unit: str = Unit.YUAN) -> Decimal:
    """An amount typed in ``unit`` as exact yuan, refusing what would lose or invent money."""
    if unit not in FACTOR:
        raise AmountError(_("未知的金额单位：%(u)s") % {"u": unit})
    if isinstance(value, float):
        raise TypeError("money is never a float")
    text = str(value).strip().replace(",", "").replace("，", "").replace(" ", "")
    if not text:
        raise AmountError(_("请填写金额。"))
    try:
        amount = Decimal(text)
    except decimal.InvalidOperation as exc:
        raise AmountError(_("「%(v)s」不是数字金额。") % {"v": value}) from exc
    if not amount.is_finite():
        raise AmountError(_("「%(v)s」不是数字金额。") % {"v": value})
    if amount < 0:
        raise AmountError(_("金额不能为负数。"))
    yuan = amount * FACTOR[unit]
    # Too large first: quantizing 1e30 亿元 to the fen is beyond the context's precision.
    if yuan >= Decimal(10) ** (MAX_DIGITS - 2):
        raise AmountError(_("金额过大，请检查单位。"))
    if yuan != yuan.quantize(FEN, rounding=decimal.ROUND_DOWN):
        places = {"yuan": 2, "wan": 6, "yi": 10}[unit]
        raise AmountError(
            _("金额精确到分：以%(u)s填写时最多 %(n)s 位小数。") % {"u": SYMBOL[unit], "n": places}
        )
    return yuan.quantize(FEN)


def in_unit(yuan: Decimal, unit: str = Unit.WAN) -> Decimal:
    """The exact amount expressed in ``unit`` (no rounding: 146547300 元 = 14654.73 万元)."""
    return (Decimal(yuan) / FACTOR[unit]).normalize()


def format_amount(yuan: Decimal | None, unit: str = Unit.WAN, *, with_unit: bool = True) -> str:
    """Grouped digits, at least two decimals, as many more as the fen needs, and the unit."""
    if yuan is None:
        return "—"
    value = in_unit(Decimal(yuan), unit)
    exponent = value.as_tuple().exponent
    places = max(2, -exponent if isinstance(exponent, int) else 2)
    text = f"{value:,.{places}f}"
    return f"{text} {symbol(unit)}" if with_unit else text


class MoneyField(models.DecimalField):
    """A non-negative amount in yuan, exact to the fen."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("max_digits", MAX_DIGITS)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def formfield(self, **kwargs: Any) -> Any:  # type: ignore[override]
        from xiezuo.core.forms import MoneyFormField

        defaults: dict[str, object] = {"form_class": MoneyFormField}
        defaults.update(kwargs)
        for key in ("max_digits", "decimal_places", "max_value", "min_value"):
            defaults.pop(key, None)
        return models.Field.formfield(self, **defaults)  # type: ignore[arg-type]
