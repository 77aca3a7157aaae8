"""ID numbers (GB 11643) and phones: checked, normalised, masked; logs masked."""

import datetime as dt
import logging
import random

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from xiezuo.core.logging import MaskPersonalDataFilter
from xiezuo.core.personal import (
    age_on,
    birth_date,
    check_character,
    fake_id_number,
    mask,
    may_see_personal_data,
    normalise_id_number,
    validate_id_number,
    validate_phone,
)

# The worked example of GB 11643-1999, appendix: 11010519491231002X
STANDARD_EXAMPLE = "11010519491231002X"


def test_it_accepts_the_standards_example_as_typed() -> None:
    assert validate_id_number(STANDARD_EXAMPLE) == STANDARD_EXAMPLE
    assert validate_id_number("110105 19491231 002x") == STANDARD_EXAMPLE
    assert validate_id_number("１１０１０５１９４９１２３１００２Ｘ") == STANDARD_EXAMPLE
    assert birth_date(STANDARD_EXAMPLE) == dt.date(1949, 12, 31)
    assert age_on(STANDARD_EXAMPLE, dt.date(2019, 12, 30)) == 69


@pytest.mark.parametrize(("text", "code"), [
    ("11010519491231002", "id_length"),
    ("110105491231002", "id_old"),
    ("11010519491231002Y", "id_chars"),
    ("1101051949123100XX", "id_chars"),
    ("99010519491231002X", "id_region"),
    ("11010519490231002X", "id_birth"),
    ("11010518991231002X", "id_birth"),
    ("11010520991231002X", "id_birth"),
    ("110105194912310021", "id_checksum"),
])
def test_it_says_what_is_wrong(text: str, code: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_id_number(text, today=dt.date(2025, 1, 1))
    assert caught.value.code == code


@given(st.integers(0, 10**6), st.dates(dt.date(1930, 1, 1), dt.date(2010, 12, 31)),
       st.integers(0, 16), st.integers(1, 9))
def test_one_wrong_digit_is_always_caught(seed: int, born: dt.date, place: int,
                                          shift: int) -> None:
    good = fake_id_number(random.Random(seed), "5134", born)
    assert validate_id_number(good) == good and good[4:6] == "99"
    digit = (int(good[place]) + shift) % 10
    bad = good[:place] + str(digit) + good[place + 1:]
    if check_character(bad[:17]) == bad[17]:  # the check digit cannot catch every change
        return
    with pytest.raises(ValidationError):
        validate_id_number(bad)


def test_masking_keeps_four_characters_at_each_end() -> None:
    assert mask(STANDARD_EXAMPLE) == "1101**********002X"
    assert mask("") == "" and mask(None) is None
    assert normalise_id_number(" 1101 05 ") == "110105"


def test_phones() -> None:
    assert validate_phone("139 1234 5678") == "13912345678"
    assert validate_phone("0930-6212345") == "0930-6212345"
    for bad in ("12345", "23912345678", "1391234567"):
        with pytest.raises(ValidationError):
            validate_phone(bad)


def test_who_may_see_personal_data(demo) -> None:
    users = demo["users"]
    assert may_see_personal_data(users["jinan_admin"]) and may_see_personal_data(users["national"])
    assert not may_see_personal_data(users["gansu_viewer"])
    assert not may_see_personal_data(None)


def test_the_log_filter_masks_messages_and_tracebacks() -> None:
    try:
        raise ValueError(f"bad row {STANDARD_EXAMPLE}")
    except ValueError:
        import sys

        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "row %s phone %s",
                                   (STANDARD_EXAMPLE, "13912345678"), sys.exc_info())
    MaskPersonalDataFilter().filter(record)
    text = logging.Formatter().format(record)
    assert STANDARD_EXAMPLE not in text and "13912345678" not in text
    assert "1101**********002X" in text and "ValueError" in text
