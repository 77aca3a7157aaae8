"""Reading what offices type: dates, years, counts, amounts with units, Chinese numerals."""

import datetime as dt
from decimal import Decimal

import pytest

from xiezuo.transfer.parse import (
    ParseError,
    parse_amount,
    parse_bool,
    parse_date,
    parse_int,
    parse_number,
    parse_year,
    text_of,
    unit_of_header,
)

D = dt.date(2024, 3, 23)


@pytest.mark.parametrize("value", [
    "2024年3月23日", "2024年03月23日", "2024.3.23", "2024/3/23", "2024-03-23", "2024-3-23",
    "20240323", "二〇二四年三月二十三日", "２０２４年３月２３日", " 2024 年 3 月 23 日 ",
    45374, 45374.0, "45374", dt.datetime(2024, 3, 23, 0, 0), D, "2024-03-23 00:00:00",
])
def test_it_reads_the_common_date_forms(value) -> None:
    assert parse_date(value) == D


@pytest.mark.parametrize("value", ["2024年2月30日", "明天", "2024年3月", "3/23/2024", "", 0])
def test_it_refuses_what_is_not_a_day(value) -> None:
    with pytest.raises(ParseError):
        parse_date(value)


@pytest.mark.parametrize(("value", "unit", "yuan"), [
    (150, "wan", "1500000.00"),
    (14654.73, "wan", "146547300.00"),
    ("14654.73萬元", "wan", "146547300.00"),
    ("14654.73万元", "yuan", "146547300.00"),  # the cell's own unit wins
    ("一万四千六百五十四点七三万元", "wan", "146547300.00"),
    ("1.5亿元", "wan", "150000000.00"),
    ("1亿2000万元", "yuan", "120000000.00"),
    ("0.015亿", "yuan", "1500000.00"),
    ("一百五十万元", "yuan", "1500000.00"),
    ("壹佰伍拾万元", "yuan", "1500000.00"),
    ("￥1,500,000.00", "wan", "1500000.00"),
    ("1，500，000元", "wan", "1500000.00"),
    ("人民币150万元", None, "1500000.00"),
    ("3万5千元", None, "35000.00"),
    ("12.34", "yuan", "12.34"),
    ("0.000001", "wan", "0.01"),
])
def test_it_reads_amounts_with_units_and_chinese_numerals(value, unit, yuan) -> None:
    assert parse_amount(value, unit) == Decimal(yuan)


@pytest.mark.parametrize(("value", "unit", "says"), [
    ("9500余万元", "wan", "约数"),
    ("约100万元", "wan", "约数"),
    ("100多万", "wan", "约数"),
    ("近千万元", "wan", "约数"),
    ("-5", "wan", "负数"),
    ("150", None, "没有单位"),
    (150, None, "没有单位"),
    ("1.234", "yuan", "精确到分"),
    ("一百五十块", "yuan", "不是数字"),
    ("abc", "wan", "不是数字"),
])
def test_it_refuses_amounts_that_are_not_exact(value, unit, says) -> None:
    with pytest.raises(ParseError, match=says):
        parse_amount(value, unit)


def test_amounts_from_excel_never_pass_through_a_float_error() -> None:
    assert parse_amount(0.1 + 0.2 - 0.3 + 1234567.89, "yuan") == Decimal("1234567.89")
    assert parse_amount(9999999.99, "yuan") == Decimal("9999999.99")


@pytest.mark.parametrize(("value", "number"), [
    ("十", 10), ("十二", 12), ("二十", 20), ("一百零五", 105), ("两千零五", 2005),
    ("一千二百", 1200), ("一万", 10000), ("十万", 100000), ("一万零一", 10001),
    ("五千万", 50_000_000), ("一亿零五百万", 105_000_000), ("3.5万", 35000),
    ("1,200", 1200), ("１２００", 1200),
])
def test_it_reads_chinese_numerals(value, number) -> None:
    assert parse_number(value) == number


@pytest.mark.parametrize(("value", "number"), [
    (1200, 1200), (1200.0, 1200), ("1200", 1200), ("1,200人", 1200), ("一千二百人", 1200),
    ("1.2万", 12000), ("35户", 35),
])
def test_it_reads_counts(value, number) -> None:
    assert parse_int(value) == number


def test_a_count_is_whole() -> None:
    with pytest.raises(ParseError, match="整数"):
        parse_int("12.5")


@pytest.mark.parametrize("value", [2024, 2024.0, "2024", "2024年", "2024年度", "二〇二四年", D])
def test_it_reads_years(value) -> None:
    assert parse_year(value) == 2024


@pytest.mark.parametrize("value", ["24", "2024-25", "今年"])
def test_it_refuses_what_is_not_a_year(value) -> None:
    with pytest.raises(ParseError):
        parse_year(value)


@pytest.mark.parametrize(("value", "truth"), [
    ("是", True), ("否", False), ("√", True), ("×", False), ("TRUE", True), (0, False),
    (True, True), ("已", True), ("无", False)])
def test_it_reads_yes_and_no(value, truth) -> None:
    assert parse_bool(value) is truth


def test_it_refuses_a_vague_yes() -> None:
    with pytest.raises(ParseError, match="是」或「否"):
        parse_bool("可能")


@pytest.mark.parametrize(("header", "label", "unit"), [
    ("金额（万元）", "金额", "wan"), ("金额(元)", "金额", "yuan"), ("总投资【亿元"
        "】", "总投资", "yi"),
    ("金额", "金额", None), ("带动就业（人）", "带动就业（人）", None)])
def test_it_reads_the_unit_a_header_names(header, label, unit) -> None:
    assert unit_of_header(header) == (label, unit)


def test_cells_as_text() -> None:
    assert text_of(12.0) == "12" and text_of(12.5) == "12.5" and text_of(None) == ""
    assert text_of("\u3000临夏市\xa0") == "临夏市" and text_of(D) == "2024-03-23"
