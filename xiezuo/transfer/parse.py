"""Reading the values offices type into spreadsheets: dates, years, counts, amounts, yes/no.

Every function takes what a spreadsheet reader hands over (text, a number, a date) and returns
an exact Python value, or raises :class:`ParseError` with a plain message for the person who
typed it. Money never passes through a float: a number read from Excel is taken by its shortest
decimal spelling (14654.73, not 14654.7299999…).

Chinese numerals are read here rather than with a general converter: amounts must stay exact
(Decimal), and offices write mixed forms (1亿2000万, 14654.73萬元, 一万四千六百五十四点七三万元).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from xiezuo.core.money import FACTOR, SYMBOL, AmountError, Unit, to_yuan


class ParseError(ValueError):
    """A value that cannot be read; the message says why, in plain words."""


DIGITS = {"零": 0, "〇": 0, "○": 0, "Ｏ": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "貳": 2, "两": 2,
          "兩": 2, "三": 3, "叁": 3, "參": 3, "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6,
          "陸": 6, "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9}
SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
BIG_UNITS = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
POINTS = {"点", "點"}
#: words that make a figure approximate: a ledger needs the exact one
APPROXIMATE = ("余", "餘", "多", "约", "約", "近", "逾", "超过", "超過", "左右", "上下", "不到")
FULLWIDTH = str.maketrans("０１２３４５６７８９．，－＋％", "0123456789.,-+%")
EXCEL_EPOCH = dt.date(1899, 12, 30)


def text_of(value: Any) -> str:
    """A cell as text: numbers by their shortest spelling (12.0 → "12"), spaces trimmed."""
    if type(value) is str:  # most cells
        if "\u3000" in value or "\xa0" in value:
            value = value.replace("\u3000", " ").replace("\xa0", " ")
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return ""
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).replace("\u3000", " ").replace("\xa0", " ").strip()


def _decimal(text: str) -> Decimal:
    try:
        number = Decimal(text)
    except InvalidOperation as exc:
        raise ParseError(_("「%(v)s」不是数字。") % {"v": text}) from exc
    if not number.is_finite():
        raise ParseError(_("「%(v)s」不是数字。") % {"v": text})
    return number


def _small_chinese(text: str) -> Decimal:
    """A number below 10,000 written in Chinese (三千零五, 十二, 二〇二四) or in digits."""
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return _decimal(text)
    if text and all(ch in DIGITS for ch in text):  # digit by digit: 二〇二四
        return Decimal("".join(str(DIGITS[ch]) for ch in text))
    total, digit = 0, None
    for ch in text:
        if ch in DIGITS:
            digit = DIGITS[ch]
        elif ch.isdigit():  # mixed: 3千5百
            digit = (digit or 0) * 10 + int(ch)
        elif ch in SMALL_UNITS:
            total += (1 if digit is None else digit) * SMALL_UNITS[ch]
            digit = None
        else:
            raise ParseError(_("「%(v)s」不是数字。") % {"v": text})
    return Decimal(total + (digit or 0))


def parse_number(value: Any) -> Decimal:
    """An exact number from digits, Chinese numerals or both: 1,200 / 1.5万 / 一千二百 /
    1亿2000万 / 一万四千六百五十四点七三 / 14654.73萬. Approximations (余, 多, 约) are refused."""
    if isinstance(value, bool):
        raise ParseError(_("「%(v)s」不是数字。") % {"v": value})
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return _decimal(text_of(value))
    if isinstance(value, Decimal):
        return value
    text = text_of(value).translate(FULLWIDTH).replace(",", "").replace(" ", "")
    if not text:
        raise ParseError(_("请填写数字。"))
    for word in APPROXIMATE:
        if word in text:
            raise ParseError(_("「%(v)s」是约数（含「%(w)s」），台账须填写确切数字。") % {
                "v": value, "w": word})
    negative = text.startswith("-") or text.startswith("负")
    text = text.lstrip("-+负")
    if re.fullmatch(r"\d+(\.\d+)?([eE][+-]?\d+)?", text):  # 1.5E+07, as CSVs may hold
        number = _decimal(text)
    else:
        number = _chinese(text, str(value))
    return -number if negative else number


def _chinese(text: str, original: str) -> Decimal:
    """Split at the last 亿, else the last 万: what precedes is multiplied (and may carry its
    own 万, as in 一万四千六百五十四点七三万), what follows is added (1亿2000万, 3万5千)."""
    for big in ("亿", "億", "万", "萬"):
        at = text.rfind(big)
        if at >= 0:
            head, tail = text[:at], text[at + 1:]
            value = (_chinese(head, original) if head else Decimal(1)) * BIG_UNITS[big]
            return value + (_chinese(tail, original) if tail else Decimal(0))
    return _section(text, original)


def _section(text: str, original: str) -> Decimal:
    for point in POINTS:
        if point in text:
            whole, frac = text.split(point, 1)
            if not frac or not all(ch in DIGITS or ch.isdigit() for ch in frac):
                raise ParseError(_("「%(v)s」不是数字。") % {"v": original})
            digits = "".join(str(DIGITS[ch]) if ch in DIGITS else ch for ch in frac)
            return (_small_chinese(whole) if whole else Decimal(0)) + _decimal(f"0.{digits}")
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return _decimal(text)
    try:
        return _small_chinese(text)
    except ParseError:
        raise ParseError(_("「%(v)s」不是数字。") % {"v": original}) from None


def parse_amount(value: Any, unit: str | None = Unit.YUAN) -> Decimal:
    """Exact yuan from an amount in ``unit`` (the column's), or with its own unit written in:
    1500000 / 150万元 / 1.5萬 / 0.015亿元 / 一百五十万元 / ￥1,500,000.00 / 1亿2000万元.

    A unit written in the cell wins over the column's; ``unit=None``: the column names no
    unit, so the cell must."""
    if isinstance(value, float | int | Decimal) and not isinstance(value, bool):
        if unit is None:
            raise ParseError(_("金额「%(v)s」没有单位：请在表头或金额后注明元、万元或亿元。") % {
                "v": text_of(value)})
        return _to_yuan(parse_number(value), unit)
    text = text_of(value).translate(FULLWIDTH).replace(",", "").replace(" ", "")
    for prefix in ("人民币", "RMB", "CNY"):
        text = text.removeprefix(prefix)
    if text[:1] in ("￥", "¥"):  # a currency sign goes with yuan
        text, unit = text[1:], Unit.YUAN
    if not text:
        raise ParseError(_("请填写金额。"))
    if text.endswith("元"):
        text, unit = text[:-1], Unit.YUAN  # 万元 / 亿元: the 万 / 亿 is read with the number
    elif text[-1] in BIG_UNITS:
        unit = Unit.YUAN
    if not text:
        raise ParseError(_("请填写金额。"))
    if unit is None:
        raise ParseError(_("金额「%(v)s」没有单位：请在表头或金额后注明元、万元或亿元。") % {
            "v": text})
    return _to_yuan(parse_number(text), unit)


def _to_yuan(number: Decimal, unit: str) -> Decimal:
    if number < 0:
        raise ParseError(_("金额不能为负数。"))
    try:
        return to_yuan(format(number, "f"), unit)
    except AmountError as exc:
        raise ParseError(str(exc)) from exc


def unit_of_header(header: str) -> tuple[str, str | None]:
    """A header and the unit it names: "金额（万元）" → ("金额", "wan"); no unit → None."""
    text = header.strip().replace("(", "（").replace(")", "）")
    match = re.search(r"[（\[【]\s*(亿元|億元|万元|萬元|元)\s*[）\]】]\s*$", text)
    if not match:
        return text, None
    unit = {"亿": Unit.YI, "億": Unit.YI, "万": Unit.WAN, "萬": Unit.WAN}.get(
        match.group(1)[0], Unit.YUAN)
    return text[: match.start()].strip(), str(unit)


def parse_int(value: Any) -> int:
    """A whole count: 1200 / 1,200 / 1200人 / 一千二百 / 1.2万."""
    if isinstance(value, float | int | Decimal) and not isinstance(value, bool):
        number = parse_number(value)
    else:
        text = re.sub(r"(人次|人|个|户|家|次|项|名|所|元)$", "", text_of(value))
        number = parse_number(text)
    if number != number.to_integral_value():
        raise ParseError(_("「%(v)s」应为整数。") % {"v": text_of(value)})
    return int(number)


_DATE_PATTERNS = [
    re.compile(r"^(?P<y>\d{4})\s*[年./\-]\s*(?P<m>\d{1,2})\s*[月./\-]\s*(?P<d>\d{1,2})\s*日?$"),
    re.compile(r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})$"),
]
_CN_DATE = re.compile(r"^(?P<y>[零〇○一二三四五六七八九]{4})年(?P<m>[一二三四五六七八九十]{1,2})月"
                      r"(?P<d>[一二三四五六七八九十]{1,3})日$")


def parse_date(value: Any) -> dt.date:
    """A day from 2024年3月23日, 2024.3.23, 2024/3/23, 2024-03-23, 20240323,
    二〇二四年三月二十三日, a date cell or an Excel serial number (45374)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, float | int) and not isinstance(value, bool):
        return _serial(value)
    text = text_of(value).translate(FULLWIDTH).replace(" ", "")
    text = re.sub(r"[T\s]?\d{1,2}:\d{2}(:\d{2})?$", "", text)  # a time of day: dropped
    if not text:
        raise ParseError(_("请填写日期。"))
    if re.fullmatch(r"\d{5}(\.\d+)?", text):
        return _serial(float(text))
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            return _day(int(match["y"]), int(match["m"]), int(match["d"]), text)
    match = _CN_DATE.match(text)
    if match:
        return _day(int(_small_chinese(match["y"])), int(_small_chinese(match["m"])),
                    int(_small_chinese(match["d"])), text)
    raise ParseError(_("「%(v)s」不是日期，请写成 2024年3月23日、2024.3.23、"
        "2024/3/23 或 2024-03-23。")
                     % {"v": text})


def _day(year: int, month: int, day: int, text: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise ParseError(_("「%(v)s」不是有效日期。") % {"v": text}) from exc


def _serial(number: float) -> dt.date:
    if not 1 <= number < 2_958_466:  # Excel's own range: 1900-01-01 … 9999-12-31
        raise ParseError(_("「%(v)s」不是日期。") % {"v": text_of(number)})
    return EXCEL_EPOCH + dt.timedelta(days=int(number))


def parse_year(value: Any) -> int:
    """A year: 2024 / 2024年 / 2024年度 / 二〇二四年."""
    if isinstance(value, dt.date):
        return value.year
    text = re.sub(r"年度?$", "", text_of(value).translate(FULLWIDTH).replace(" ", ""))
    if text and all(ch in DIGITS for ch in text):
        text = str(_small_chinese(text))
    if not re.fullmatch(r"\d{4}(\.0+)?", text):
        raise ParseError(_("「%(v)s」不是年份，请写四位数字，如 2024。") % {"v": text_of(value)})
    return int(float(text))


TRUE_WORDS = {"是", "有", "已", "对", "真", "√", "✓", "✔", "y", "yes", "true", "1", "t"}
FALSE_WORDS = {"否", "无", "未", "不", "假", "×", "✗", "x", "n", "no", "false", "0", "f"}


def parse_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = text_of(value).lower()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise ParseError(_("「%(v)s」应填「是」或「否」。") % {"v": text_of(value)})


__all__ = ["FACTOR", "SYMBOL", "ParseError", "parse_amount", "parse_bool", "parse_date",
           "parse_int", "parse_number", "parse_year", "text_of", "unit_of_header"]
