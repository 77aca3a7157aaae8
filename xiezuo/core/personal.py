"""Personal data: resident ID numbers (GB 11643) and mobile numbers, checked and masked.

Who may see personal data in full is one flag on the user (``may_see_personal_data``); every
page, export and form asks :func:`may_see_personal_data`. Audit entries mask the fields a
model lists in ``audit_masked``; log records are masked by ``core/logging.py``.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from xiezuo.core.models import mask_value

#: GB 11643-1999: weights of the first 17 digits, and the check character for sum mod 11
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK = "10X98765432"
#: the province-level prefixes an ID number may start with (GB/T 2260, plus 81/82/83 for
#: residence permits of Hong Kong, Macao and Taiwan residents)
PROVINCES = frozenset({
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
    "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64",
    "65", "71", "81", "82", "83",
})
_FULL_WIDTH = str.maketrans("０１２３４５６７８９ｘＸ", "0123456789XX")
_MOBILE = re.compile(r"1[3-9]\d{9}")
_LANDLINE = re.compile(r"0\d{2,3}-?\d{7,8}")


def may_see_personal_data(user: Any) -> bool:
    """Whether ``user`` may see ID numbers and phone numbers in full."""
    return bool(getattr(user, "is_authenticated", False)
                and getattr(user, "may_see_personal_data", False))


def check_character(first17: str) -> str:
    return CHECK[sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True)) % 11]


def normalise_id_number(value: str) -> str:
    """Spaces removed, full-width digits folded, a lower-case x made upper-case."""
    return re.sub(r"\s+", "", str(value)).translate(_FULL_WIDTH).upper()


def birth_date(id_number: str) -> dt.date | None:
    try:
        return dt.date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
    except ValueError:
        return None


def validate_id_number(value: str, today: dt.date | None = None) -> str:
    """The normalised ID number, or a ValidationError that says what is wrong with it."""
    text = normalise_id_number(value)
    if len(text) == 15 and text.isdigit():
        raise ValidationError(_("这是 15 位旧身份证号，请填写 18 位身份证号。"), code="id_old")
    if len(text) != 18:
        raise ValidationError(_("身份证号应为 18 位（现为 %(n)s 位）。"), code="id_length",
                              params={"n": len(text)})
    if not (text[:17].isdigit() and (text[17].isdigit() or text[17] == "X")):
        raise ValidationError(_("身份证号前 17 位应为数字，最后一位为数字或 X。"),
                              code="id_chars")
    if text[:2] not in PROVINCES:
        raise ValidationError(_("身份证号开头「%(p)s」不是有效的省级区划代码。"),
                              code="id_region", params={"p": text[:2]})
    born = birth_date(text)
    today = today or dt.date.today()
    if born is None or born < dt.date(1900, 1, 1) or born > today:
        raise ValidationError(_("身份证号中的出生日期「%(d)s」无效。"), code="id_birth",
                              params={"d": text[6:14]})
    if check_character(text[:17]) != text[17]:
        raise ValidationError(_("身份证号校验位不正确，请核对是否有数字录错。"),
                              code="id_checksum")
    return text


def validate_phone(value: str) -> str:
    text = re.sub(r"[\s()（）]+", "", str(value))
    if not (_MOBILE.fullmatch(text) or _LANDLINE.fullmatch(text)):
        raise ValidationError(_("电话号码应为 11 位手机号或带区号的固定电话。"), code="phone")
    return text


def mask(value: Any) -> Any:
    """5101**********1234: the first and last four characters of an ID number kept."""
    return mask_value(value)


def age_on(id_number: str, day: dt.date) -> int | None:
    born = birth_date(id_number)
    if born is None:
        return None
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def fake_id_number(rng: random.Random, prefecture: str, born: dt.date) -> str:
    """A valid-checksum ID number that belongs to nobody, for demo data and tests.

    It carries the county code 99 of a real prefecture (``"6229"`` → ``"622999"``), a code no
    county bears, so no real resident can hold it.
    """
    body = f"{prefecture[:4]}99{born:%Y%m%d}{rng.randrange(1000):03d}"
    return body + check_character(body)


class IdNumberFormField(forms.CharField):
    """Takes an ID number as people type it (spaces, full-width digits, a lower-case x)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.widget.attrs.update({"maxlength": "24", "autocomplete": "off",
                                  "spellcheck": "false"})

    def to_python(self, value: Any) -> str:
        text: str = super().to_python(value) or ""
        return normalise_id_number(text) if text else text


class IdNumberField(models.CharField):
    """A resident ID number: 18 characters, checked against GB 11643, stored normalised.

    Models list the field in ``audit_masked`` and ledgers show it masked to users who may not
    see personal data.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 18)
        super().__init__(*args, **kwargs)

    def to_python(self, value: Any) -> Any:
        value = super().to_python(value)
        return normalise_id_number(value) if isinstance(value, str) and value else value

    def validate(self, value: Any, model_instance: Any) -> None:
        super().validate(value, model_instance)
        if value:
            validate_id_number(value)

    def formfield(self, **kwargs: Any) -> Any:  # type: ignore[override]
        return super().formfield(**{"form_class": IdNumberFormField, **kwargs})


class PhoneField(models.CharField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 20)
        super().__init__(*args, **kwargs)

    def validate(self, value: Any, model_instance: Any) -> None:
        super().validate(value, model_instance)
        if value:
            validate_phone(value)


# --- searching by personal data, without putting it in a URL -------------------------------

#: what a keyed token for a searched value starts with
TOKEN_PREFIX = "pd-"
_SEARCHES = "xiezuo_personal_searches"
#: how many searched values a session keeps (the latest ones)
KEEP_SEARCHES = 20


def contains_personal(text: str) -> bool:
    """Whether ``text`` holds an ID number or a mobile number (the patterns the log masks)."""
    from xiezuo.core.logging import mask_text

    return mask_text(text) != text


def search_token(value: str) -> str:
    """A keyed hash of a searched value (HMAC-SHA256 with the secret key): the same value
    gives the same token, and the token tells nothing of the value without the key."""
    import hashlib
    import hmac

    from django.conf import settings

    digest = hmac.new(settings.SECRET_KEY.encode(), b"personal-search:" + value.encode(),
                      hashlib.sha256).hexdigest()
    return TOKEN_PREFIX + digest[:32]


def hide_in_session(request: Any, value: str) -> str:
    """``value`` as it may travel in a URL: a personal value is kept in the session and
    replaced by its token; anything else is returned as it is."""
    if not contains_personal(value):
        return value
    token = search_token(value.strip())
    kept = dict(request.session.get(_SEARCHES, {}))
    kept.pop(token, None)
    kept[token] = value.strip()
    request.session[_SEARCHES] = dict(list(kept.items())[-KEEP_SEARCHES:])
    return token


def reveal(request: Any, value: str) -> str | None:
    """What a token stands for in this session (None when the session does not know it);
    any other value as it is."""
    if not value.startswith(TOKEN_PREFIX):
        return value
    session = getattr(request, "session", None)
    return session.get(_SEARCHES, {}).get(value) if session is not None else None
