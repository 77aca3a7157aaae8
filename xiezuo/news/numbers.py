"""Money and counted things in report text (simplified, NFKC-normalised).

Amounts are normalised to yuan (万 = 10^4, 亿 = 10^8); 余/多/约/近/超/逾 mark them
approximate, and the printed figure is taken as the value ("9500余万元" → 95000000).
Counts are a number with a counting unit (个 人 名 所 家 亩 …); percentages,
multiples, distances, durations, ordinals and dates are not counts.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from xiezuo.news.breaks import last_of

# A figure: "1,234.5", "1234", or Chinese numerals, not inside a longer figure.
# The patterns start by consuming one digit and look behind afterwards, which says
# the same as a lookbehind before it but lets the regex engine skip ahead to the
# next digit: the three patterns run over whole reports.
_DIGITS_TAIL = r"(?:\d{0,2}(?:,\d{3})++(?:\.\d++)?|\d*+(?:\.\d++)?)"
_DIGITS = rf"\d(?<!\d\d)(?<!\d[.,]\d){_DIGITS_TAIL}"
_CN_DIGITS = "零〇一二两三四五六七八九"
_CN_TAIL = rf"(?<![{_CN_DIGITS}十百千].)[{_CN_DIGITS}十百千]*+(?:点[{_CN_DIGITS}]++)?"
_ANY_NUMBER = (
    rf"[\d{_CN_DIGITS}十百千]"
    rf"(?:(?<=\d)(?<!\d\d)(?<!\d[.,]\d){_DIGITS_TAIL}|(?<=[{_CN_DIGITS}十百千]){_CN_TAIL})"
)
_APPROX_PREFIX = r"约|近|超过|超|逾|大约|将近|接近"
_APPROX_WORD = re.compile(_APPROX_PREFIX)
_SENTENCE_END = re.compile(r"[。!?\n]")
_CLAUSE_SPLIT = re.compile(r"[,;:]")
#: (约 of 签约, 合约, 预约 is no qualifier: 签约15个项目)
_PREFIX_BEFORE = re.compile(
    rf"(?:{_APPROX_PREFIX}|达|共计|合计|累计|共|总计)$(?<![签合预协节制公邀条]约)"
)
_MAGNITUDE = r"万亿|千万|百万|十万|万|亿|千(?![克米瓦])"
MAGNITUDES = {
    "万亿": 10**12, "千万": 10**7, "百万": 10**6, "十万": 10**5, "万": 10**4, "亿": 10**8,
    "千": 10**3,
}
_CN_VALUES = {ch: i for i, ch in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}

AMOUNT = re.compile(
    rf"(?P<num>{_ANY_NUMBER})(?P<approx>余|多)?"
    rf"(?P<mag>{_MAGNITUDE})?(?P<approx2>余|多)?(?P<cur>元|块钱|人民币)"
)
BARE_MONEY = re.compile(
    rf"(?P<num>{_DIGITS})(?P<approx>余|多)?(?P<mag>万|亿)(?P<approx2>余|多)?"
    r"(?=[,。、;:)）]|的|用于|用来|支持|资金|$)"
)
MONEY_CUES = re.compile(
    r"资金|投入|捐赠|捐款|捐助|援助|拨付|投资|筹集|募集|销售|采购|金额|产值|收入|资助|款|经费|交付|帮扶|消费"
)
FOREIGN_CURRENCY = re.compile(r"(美|港|欧|日|台)$")

COUNT_UNITS = (
    "人次|户次|批次|场次|平方米|公斤|千克|个|人|名|位|家|所|项|批|次|场|户|亩|吨|头|只|台|套|枝|株|间|座|"
    "条|辆|期|支|件|本|份|箱|斤|篇|栋|床|棵|羽|匹|口|根|盒|袋|单|款|类|种|班|队|团|处|块|部|届|轮|对|趟"
)
COUNT = re.compile(  # 8千人: 千 too (not 千克, a unit, nor 千米, no unit)
    rf"(?P<num>{_DIGITS})(?P<approx>余|多)?(?P<mag>万|亿|千(?![克米瓦]))?(?P<approx2>余|多)?"
    rf"(?P<unit>{COUNT_UNITS})?"
)
PEOPLE_NOUN = re.compile(
    r"(?:贫困|脱贫|农村|建档立卡|困难|受益|劳动|务工)?(?P<noun>人口|群众|农民|劳动力|务工人员|贫困户|农户|户)"
)
NOT_A_COUNT_AFTER = re.compile(
    r"^(?:小时|个月|月|日夜|昼夜|工作日|年|天|周|季度|百分点|多小时|分钟|岁|周年|倍|%|成|级|号|楼|路|届次)"
)
UNIT_CANONICAL = {
    "人口": "人",
    "群众": "人",
    "农民": "人",
    "劳动力": "人",
    "务工人员": "人",
    "贫困户": "户",
    "农户": "户",
    "户": "户",
}


@dataclass(frozen=True)
class Amount:
    text: str
    value_yuan: float
    approximate: bool
    start: int
    end: int


@dataclass(frozen=True)
class Count:
    text: str
    value: float
    unit: str
    approximate: bool
    start: int
    end: int


def parse_chinese_number(text: str) -> float | None:
    """ "一万四千六百五十四点七三" → 14654.73; plain digit strings too."""
    if not text:
        return None
    cleaned = text.replace(",", "")
    try:
        return float(cleaned)
    except ValueError:
        pass
    integer, _, fraction = text.partition("点")
    value = _parse_cn_integer(integer)
    if value is None:
        return None
    if fraction:
        digits = "".join(str(_CN_VALUES[ch]) for ch in fraction if ch in _CN_VALUES)
        if digits:
            value += float("0." + digits)
    return value


def _parse_cn_integer(text: str) -> float | None:
    units = {"十": 10, "百": 100, "千": 1000}
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in _CN_VALUES:
            digit = _CN_VALUES[ch]
        elif ch in units:
            section += (digit if digit is not None else 1) * units[ch]
            digit = None
        elif ch == "万":
            total += (section + (digit or 0)) * 10_000
            section, digit = 0, None
        elif ch == "亿":
            total += (section + (digit or 0)) * 100_000_000
            section, digit = 0, None
        else:
            return None
    if all(ch in _CN_VALUES for ch in text):  # "二〇二三" is digits, not a number word
        return float("".join(str(_CN_VALUES[ch]) for ch in text))
    return float(total + section + (digit or 0))


def _value(match: re.Match[str]) -> float | None:
    number = parse_chinese_number(match.group("num"))
    if number is None:
        return None
    magnitude = MAGNITUDES.get(match.group("mag") or "", 1)
    return round(number * magnitude, 2)


def _prefix(text: str, start: int) -> str:
    """The word before a figure that qualifies it (约, 超过, 累计…), or ""."""
    found = _PREFIX_BEFORE.search(text[max(0, start - 2) : start])
    return found.group() if found else ""


def _approximate(match: re.Match[str], pre: str) -> bool:
    return bool(_APPROX_WORD.fullmatch(pre) or match.group("approx") or match.group("approx2"))


def _clause_before(text: str, pos: int, width: int = 30) -> str:
    start = max(0, pos - width)
    segment = text[start:pos]
    cut = max(segment.rfind(p) for p in "。;!?\n,")
    return segment[cut + 1 :]


def _preceded_by_ordinal_or_date(text: str, start: int) -> bool:
    before = text[max(0, start - 1) : start]
    return before in ("第", "-", "/", ".", "~") or (before.isascii() and before.isalpha())


def find_amounts(text: str) -> list[Amount]:
    """Money figures with their values in yuan."""
    found: list[Amount] = []
    taken: list[tuple[int, int]] = []
    priced = "元" in text or "块钱" in text or "人民币" in text  # (every match ends in one)
    for match in AMOUNT.finditer(text) if priced else ():
        if FOREIGN_CURRENCY.search(text[max(0, match.start() - 1) : match.start()]):
            continue
        if _preceded_by_ordinal_or_date(text, match.start("num")):
            continue
        value = _value(match)
        if value is None or value <= 0:
            continue
        pre = _prefix(text, match.start())
        start = match.start() - len(pre)
        found.append(
            Amount(pre + match.group(), value, _approximate(match, pre), start, match.end())
        )
        taken.append(match.span())
    bare = BARE_MONEY.finditer(text) if "万" in text or "亿" in text else ()  # (each holds one)
    for match in bare:
        at = match.start()
        if any(s <= at < e for s, e in taken):
            continue
        if not MONEY_CUES.search(_clause_before(text, match.start())):
            continue
        value = _value(match)
        if value:
            pre = _prefix(text, match.start())
            start = match.start() - len(pre)
            found.append(
                Amount(pre + match.group(), value, _approximate(match, pre), start, match.end())
            )
    return sorted(found, key=lambda a: a.start)


NATIONAL = re.compile(
    r"(?:在[^,]{0,12}上)?(?:[^,]{0,20}主席)?习近平(?:总书记)?(?:在|到|考察|主持|来到|视察|总结|指出|强调|点赞|出席)"
)


def _national_spans(text: str) -> list[tuple[int, int]]:
    """Sentences about national leaders: their figures are not the pairing's."""
    spans: list[tuple[int, int]] = []
    at = text.find("习近平")  # every NATIONAL match names him: only his sentences are read
    while at != -1:
        start = last_of(text, "。!?\n", at) + 1
        end = _SENTENCE_END.search(text, at)
        if end is None:
            break  # the text after the last sentence end is no sentence
        clauses = _CLAUSE_SPLIT.split(text[start : end.end()])
        if any(NATIONAL.match(clause) for clause in clauses):
            spans.append((start, end.end()))
        at = text.find("习近平", end.end())
    return spans


def _covered(spans: list[tuple[int, int]], pos: int) -> bool:
    """True when ``pos`` lies in one of the sorted ``spans``."""
    index = bisect_right(spans, (pos, 1 << 62))
    return any(s <= pos < e for s, e in spans[max(0, index - 4) : index])


def find_counts(text: str, skip: list[tuple[int, int]] | None = None) -> list[Count]:
    """Counted things: a number with a counting unit, or 万 followed by a word for people."""
    spans = sorted((skip or []) + _national_spans(text))
    found: list[Count] = []
    for match in COUNT.finditer(text):
        unit = match.group("unit")
        if unit is None and match.group("mag") is None:
            continue  # a bare number (most of them): no count, asked before the rest
        start, end = match.span()
        if spans and _covered(spans, start):
            continue
        num = match.group("num")
        if _preceded_by_ordinal_or_date(text, match.start("num")):
            continue
        after = text[end : end + 4]
        if unit is None:
            noun = PEOPLE_NOUN.match(text, end)
            named = UNIT_BEFORE.search(text, max(0, start - 8), start)
            if noun is not None:
                unit = UNIT_CANONICAL[noun.group("noun")]
            elif named is not None:
                unit = "人次" if named["unit"] == "人次" else "人"  # 旅游人次超过100万
            else:
                continue
        elif NOT_A_COUNT_AFTER.match(after) or _is_date_number(text, end, num):
            continue
        if unit == "个" and NOT_A_COUNT_AFTER.match(after):
            continue
        value = _value(match)
        if value is None or value <= 0 or _looks_like_code(num):
            continue
        pre = _prefix(text, start)
        found.append(
            Count(pre + match.group(), value, unit, _approximate(match, pre), start - len(pre), end)
        )
    enumerations = [c for c in find_enumerations(text) if not (spans and _covered(spans, c.start))]
    return sorted(found + enumerations, key=lambda c: c.start)


UNIT_BEFORE = re.compile(r"(?P<unit>人次|人数)(?:超过|超|达到|达|突破|逾|近|约|为)?$")
#: enumerations in Chinese numerals: 四省市, 两企业, 三个方面, 四类, 四项 (not 一, not 两省)
CHINESE_COUNT = re.compile(  # the numeral first, then what stands before it (see _DIGITS);
    # 十 alone or with a digit after it (no unit begins with a digit: never both)
    r"(?P<num>[二两三四五六七八九十](?<![第\d一二两三四五六七八九十].)(?:(?<=十)[一二三四五六七八九])?)"
    r"(?P<unit>省市|省区市|企业|个方面|方面|类|项)(?!目|制度)"
)  # 两省市 is the pair itself, 三项制度 a name
CHINESE_UNIT = {"省市": "个", "省区市": "个", "企业": "个", "个方面": "个", "方面": "个"}


def find_enumerations(text: str) -> list[Count]:
    """Counts written in Chinese numerals where reports enumerate: 四省市、两企业, 四类."""
    found = []
    for match in CHINESE_COUNT.finditer(text):
        value = parse_chinese_number(match["num"])
        if value and not (value == 2 and match["unit"].startswith("省")):
            unit = CHINESE_UNIT.get(match["unit"], match["unit"])
            found.append(Count(match.group(), value, unit, False, match.start(), match.end()))
    return found


def _is_date_number(text: str, end: int, num: str) -> bool:
    return text[end : end + 1] in ("年", "月", "日", "号") and len(num) <= 4


def _looks_like_code(num: str) -> bool:
    digits = num.replace(",", "").replace(".", "")
    return len(digits) >= 9 and "," not in num and "." not in num
