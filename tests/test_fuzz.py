"""Fuzzing, bounded for CI (few examples each; the schemathesis run over the OpenAPI document
is xiezuo/api/tests/test_schema.py, the reader's text core xiezuo/news/tests/
test_properties.py): every ledger form, the importer's cell readers and the report reader's
upload take arbitrary input and answer with a validation message, never an exception."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xiezuo.ledgers.declare import declared_ledgers

#: what people and spreadsheets put in a cell or a field
TEXT = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["", " ", "0", "-1", "1e309", "NaN", "Infinity", "=1+1", "@SUM(A1)",
                     "2024-02-30", "2024年13月1日", "99999999999999999999", "１２３", "壹万元",
                     "\x00", "'; DROP TABLE x;--", "<script>alert(1)</script>", "临夏市",
                     "622901", "万元", "12.5万", "9500余万元", "是", "否", "true", "X" * 500]),
)
CELL = st.one_of(TEXT, st.none(), st.booleans(), st.integers(-10**20, 10**20),
                 st.floats(allow_nan=True, allow_infinity=True),
                 st.decimals(allow_nan=False, allow_infinity=False),
                 st.dates(), st.datetimes())
FUZZ = settings(max_examples=15, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])

LEDGERS = sorted(declared_ledgers().items())


@pytest.mark.django_db
@pytest.mark.parametrize(("label", "ledger"), LEDGERS, ids=[k for k, _ in LEDGERS])
def test_a_ledger_form_answers_any_input_with_messages(label: str, ledger: Any, demo) -> None:
    form_class = ledger.form
    names = list(form_class.base_fields)
    user = demo["users"]["linxiashi_entry"]

    @FUZZ
    @given(st.fixed_dictionaries({}, optional={n: TEXT for n in names}))
    def run(data: dict[str, str]) -> None:
        form = form_class({k: v.replace("\x00", "") for k, v in data.items()}, user=user)
        form.is_valid()  # True or False with messages; an exception fails the test

    run()


@FUZZ
@given(CELL)
def test_the_importer_reads_any_cell_or_says_why_not(value: Any) -> None:
    from xiezuo.transfer import parse

    for reader in (parse.parse_number, parse.parse_amount, parse.parse_int, parse.parse_date,
                   parse.parse_year, parse.parse_bool, parse.text_of):
        try:
            result = reader(value)
        except (parse.ParseError, ValidationError):
            continue
        assert isinstance(result, Decimal | int | dt.date | bool | str), (reader, result)


@pytest.mark.django_db
def test_the_report_reader_takes_any_upload(login) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    client = login("linxiashi_entry")

    @FUZZ
    @given(st.binary(max_size=2000), st.sampled_from(["a.txt", "b.html", "c.htm", "d.pdf"]))
    def run(content: bytes, name: str) -> None:
        r = client.post(reverse("news:upload"),
                        {"files": SimpleUploadedFile(name, content)})
        assert r.status_code < 500

    run()
