"""What a cell of an office's table says: a number with its unit, an in-cell note, a text.

Plain Python. Amounts are exact (Decimal, in yuan) and go through ``transfer.parse``, which
reads digits, Chinese numerals (一千二百, 1亿2000万), display formats (660.00, 1,200) and units
written in the cell (20万元); this module adds what offices write around the number:

    "10(其中,灾情因素6万元)"  → 10 in the column's unit, with the part 灾情因素 = 60,000 yuan
    "25（含监测户补助5万元）"  → 25, with the part 监测户补助 = 50,000 yuan
    "20（续建）"              → 20, with the note 续建
    "—", "-", "/", "无"        → empty
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from xiezuo.core.money import Unit
from xiezuo.transfer import parse
from xiezuo.transfer.parse import ParseError, text_of

#: cells that say "nothing here" in a number column
NOTHING = {"-", "—", "－", "--", "——", "/", "／", "\\", "无", "空", "0.00", "/ /"}
UNIT_WORDS = {"元": Unit.YUAN, "万元": Unit.WAN, "萬元": Unit.WAN, "亿元": Unit.YI,
              "億元": Unit.YI, "千元": "thousand"}
#: a money unit in a header or a unit line: （万元）, 单位：万元, 万元
UNIT_RE = re.compile(r"(亿元|億元|万元|萬元|千元|元)")
UNIT_LINE_RE = re.compile(r"^(?:.*?[\s，,；;]+)?(?:金额|计量|货币)?单位\s*[:：]?\s*(?:人民币)?\s*"
                          r"(亿元|億元|万元|萬元|千元|元)")
_NOTE_RE = re.compile(r"^(?P<number>[^()（）]*?)\s*[（(](?P<note>.*)[)）]\s*$")
_PART_RE = re.compile(r"(?:其中|含|包括)?\s*[：:,，、]?\s*(?P<label>[^\d：:,，、；;()（）]*?)"
                      r"\s*(?P<amount>\d+(?:\.\d+)?\s*(?:亿元|億元|万元|萬元|元|亿|万)?)")


@dataclass
class Amount:
    """A number cell read: ``yuan`` (money) or ``number`` (a count), and what was around it."""

    number: Decimal | None
    yuan: Decimal | None = None
    note: str = ""
    #: "of which" parts written in the cell: label → yuan
    parts: dict[str, Decimal] = field(default_factory=dict)
    #: the unit the cell wrote itself (20万元), if any
    own_unit: str | None = None


def is_number_text(text: str) -> bool:
    """Whether a cell's text is a plain number (660.00, 1,200, 12%): not a label."""
    t = text.translate(parse.FULLWIDTH).replace(",", "").replace(" ", "")
    return bool(re.fullmatch(r"[-+]?\d+(\.\d+)?%?", t))


def looks_numeric(value: Any) -> bool:
    """A number cell, or text that reads as an amount (20万元, 10(其中…), 一千二百)."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float | Decimal):
        return True
    text = text_of(value).lstrip("￥¥")
    if not text:
        return False
    if is_number_text(text):
        return True
    match = _NOTE_RE.match(text)
    head = match.group("number") if match else text
    head = head.translate(parse.FULLWIDTH).replace(",", "").replace(" ", "")
    return bool(re.fullmatch(r"[-+]?\d+(\.\d+)?(亿元|億元|万元|萬元|元|亿|万)?", head))


def unit_of(text: str) -> str | None:
    """The money unit a header or a line names: "资金规模(万元)" → wan; none → None."""
    match = UNIT_RE.search(text)
    if not match:
        return None
    unit = UNIT_WORDS[match.group(1)]
    return None if unit == "thousand" else str(unit)


def unit_line(text: str) -> str | None:
    """The unit a line like "单位：万元" (or "填报单位：某县    单位：万元") states."""
    compact = text.replace("\u3000", " ").strip()
    match = UNIT_LINE_RE.match(compact)
    if match:
        return unit_of(match.group(1))
    if re.fullmatch(r"[（(]?\s*(亿元|億元|万元|萬元|元)\s*[)）]?", compact):
        return unit_of(compact)
    return None


def read_amount(value: Any, unit: str | None, money: bool = True) -> Amount:
    """A number cell in a column whose unit is ``unit`` (None: unknown). Raises ParseError."""
    if value is None:
        return Amount(None)
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        number = parse.parse_number(value)
        return Amount(number, _yuan(number, unit) if money else None)
    text = text_of(value)
    if not text or text.replace(" ", "") in NOTHING:
        return Amount(None)
    note, parts = "", {}
    match = _NOTE_RE.match(text)
    if match and match.group("number").strip():
        text, note = match.group("number").strip(), match.group("note").strip()
        if re.match(r"(其中|内含|含|包括)", note):  # an "of which"; else a note (已拨付…)
            parts = _parts(note, unit)
    squeezed = text.translate(parse.FULLWIDTH).replace(",", "").replace(" ", "")
    own = next((str(u) for w, u in sorted(UNIT_WORDS.items(), key=lambda i: -len(i[0]))
                if squeezed.endswith(w) and u != "thousand"), None)
    if money:
        yuan = parse.parse_amount(text, unit)
        return Amount(_from_yuan(yuan, unit) if unit else yuan, yuan, note, parts, own)
    squeezed = re.sub(r"(人次|人|户|个|家|次|项|名|所|亩|套|台|座|公里|千米|米|吨|%|％)$", "",
                      squeezed)
    return Amount(parse.parse_number(squeezed), None, note, parts, own)


def _yuan(number: Decimal, unit: str | None) -> Decimal | None:
    if unit is None:
        return None
    return parse.parse_amount(number, unit)


def _from_yuan(yuan: Decimal, unit: str) -> Decimal:
    from xiezuo.core.money import FACTOR

    return (yuan / FACTOR[unit]).normalize()


def _parts(note: str, unit: str | None) -> dict[str, Decimal]:
    """"其中,灾情因素6万元" → {"灾情因素": 60000}; a note without an amount gives nothing."""
    if not re.search(r"\d", note):
        return {}
    parts: dict[str, Decimal] = {}
    for match in _PART_RE.finditer(note):
        label = match.group("label").strip(" ：:,，、") or "其中"
        try:
            amount = parse.parse_amount(match.group("amount"), unit or Unit.YUAN)
        except ParseError:
            continue
        parts[label] = parts.get(label, Decimal(0)) + amount
    return parts


def clean_text(value: Any) -> str:
    """A text cell as a record keeps it: trimmed, a line broken inside Chinese text joined."""
    text = text_of(value)
    if "\n" in text or "\r" in text:
        lines = [line.strip() for line in re.split(r"[\r\n]+", text) if line.strip()]
        out = ""
        for line in lines:
            joint = "" if not out or (not out[-1].isascii() or not line[0].isascii()) else " "
            out += joint + line
        text = out
    return re.sub(r"[ \t]{2,}", " ", text)


def compact(value: Any) -> str:
    """A label for comparing: no spaces of any width, no line breaks, simplified characters,
    ASCII punctuation for brackets and colons."""
    text = re.sub(r"\s+", "", text_of(value).replace("\u3000", ""))
    text = text.replace("(", "（").replace(")", "）").replace(":", "：")
    if text and not text.isascii():
        from xiezuo.regions.names import to_simplified

        text = to_simplified(text)
    return text
