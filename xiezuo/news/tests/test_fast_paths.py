"""The reader's fast paths say what the plain patterns they stand for say, on any text.

Where a pattern was rewritten so that the regex engine skips ahead (a look-behind moved after
the first character, a repeat or a group unrolled), or replaced by a search that starts only
where a match can (a bracket, a hint, a trie, a line's stops), the plain form is kept here
and both are run on arbitrary text made of the pieces that matter to them.
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xiezuo.news import agreements, clean, dates, events, mojibake, numbers, parties
from xiezuo.news.regions import Region, Registry, build_registry

PROFILE = settings(
    max_examples=120, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)


def texts(*pieces: str, size: int = 40) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(pieces) | st.text(max_size=3), max_size=size).map("".join)


def spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)]


# ------------------------------------------------------------------ rewritten patterns

PLAIN = {
    "run_end": re.compile(r"(?<=[^\x00-\x7f?,)]|[?,)])[\x40-\x7e](?![A-Za-z0-9])"),
    "spaces": re.compile(r"[ \t]{2,}"),
    "double_comma": re.compile(r"[,，]+(?=[、。,，;；:：!！?？])"),
    "empty_brackets": re.compile(r"[【\[]\s*[】\]]|[【\[]\s*$"),
    "date_hint": re.compile(r"\d\s*月|\d{4}\s*[-./]"),
    "figure": re.compile(
        r"\d+(?:\.\d+)?(?:余|多)?(?:万|亿)?(?:余|多)?(?:元|个|人|名|家|项|所|户|亩|吨|批|场|次)"
    ),
    "chinese_count": re.compile(
        r"(?<![第\d一二两三四五六七八九十])(?P<num>[二两三四五六七八九十]|十[一二三四五六七八九])"
        r"(?P<unit>省市|省区市|企业|个方面|方面|类|项)(?!目|制度)"
    ),
    "chinese_date": re.compile(
        r"(?P<y>[〇零一二三四五六七八九]{4})年(?P<m>[一二三四五六七八九十]{1,2})月"
        r"(?P<d>[一二三四五六七八九十]{1,3})日"
    ),
}
FAST = {
    "run_end": mojibake.RUN_END,
    "spaces": clean._SPACES,
    "double_comma": clean._DOUBLE_COMMA,
    "empty_brackets": clean._EMPTY_BRACKETS,
    "date_hint": events.DATE_HINT,
    "figure": events.FIGURE,
    "chinese_count": numbers.CHINESE_COUNT,
    "chinese_date": dates.CHINESE_DATE,
}
PIECES = (
    "a", "Z", "5", "?", ",", ")", "中", "協", " ", "\t", "，", "、", "。", "【", "】", "[", "]",
    "\n", "12", "2024", "月", "-", ".", "年", "万", "元", "人", "第", "十", "一", "两", "三",
    "省市", "方面", "项", "目", "〇", "二〇二四", "十二", "日", "余",
)


@PROFILE
@given(texts(*PIECES))
def test_the_rewritten_patterns_match_where_the_plain_ones_do(text: str) -> None:
    for name, plain in PLAIN.items():
        fast = FAST[name]
        assert spans(fast, text) == spans(plain, text), name
        assert [m.groupdict() for m in fast.finditer(text)] == [
            m.groupdict() for m in plain.finditer(text)
        ], name
        assert fast.sub("", text) == plain.sub("", text), name


PLAIN_CUES = {  # as they were written before their groups were unrolled
    "labour": re.compile(
        r"劳务协作站|劳务输出|劳务输转|转移就业|输转|稳岗|招聘会|务工人员|就业岗位|岗位[^,。]{0,6}个|"
        r"劳务对接|点对点|专列|包机|返岗|务工|劳动力[^,。]{0,12}就业|招聘会|"
        r"(?:人员|人口|劳动力|群众)到[^,。]{1,6}就业|就近就地就业|就地就近就业"
    ),
    "consumption": re.compile(
        r"消费帮扶|消费协作|展销|直播带货|带货|农特产品|特色产品[^,。]{0,8}(?:销售|采购)|"
        r"采购[^,。]{0,10}(?:产品|农产品)|"
        r"(?<!投资)订单|销售额|专馆|专柜|832平台|产销对接|帮助销售|消费扶贫|展销会|展销周"
    ),
    "project": re.compile(
        r"项目|(?:考察|察看|参观|调研)了?[^。]{0,24}(?:产业园|园区|基地|车间|工厂)|"
        r"协作产业园|共建[^,。]{0,6}产业园|(?:扶贫|帮扶)车间"
    ),
}


@PROFILE
@given(texts("人员", "群众", "劳动力", "到", "甘肃", "就业", "投资", "订单", "考察", "参观", "了",
             "园区", "基地", "扶贫", "帮扶", "车间", ",", "。", "项", "产品"))
def test_the_unrolled_cues_find_what_the_grouped_ones_find(text: str) -> None:
    for name, plain in PLAIN_CUES.items():
        assert bool(events.CUES[name][0].search(text)) == bool(plain.search(text)), name


# ------------------------------------------------------------------ searches that start late


@PROFILE
@given(texts("協", "(xié)", " (xié)", "（xié）", "(", "（", " ", ")", "xie", "(左二)", "作",
             size=30))
def test_pinyin_notes_are_found_as_the_pattern_finds_them(line: str) -> None:
    fast = [(m.span(), m.groupdict()) for m in clean._pinyin_notes(line)]
    plain = [(m.span(), m.groupdict()) for m in clean._PINYIN_PAREN.finditer(line)]
    assert fast == plain


@PROFILE
@given(texts("产业", "协作", "劳务", "帮扶", "、", "合作", "文化", "交流", "共建", "，", "3个",
             "\n", "和"))
def test_lists_of_work_areas_go_as_the_pattern_removes_them(text: str) -> None:
    assert events._without_areas(text) == events.AREAS.sub("", text)


URGING_START = re.compile(r"(?:^|(?<=[。!?\n]))" + events.URGING.pattern.lstrip("^"))


@PROFILE
@given(texts("要", "一是", "必须", "。", "!", "?", "\n", "希望", "将", "表示,", "工作"))
def test_urging_sentences_start_where_the_look_behind_says(text: str) -> None:
    fast = [m.end() for m in events.URGING_AFTER_BREAK.finditer(text)]
    if events.URGING.match(text):
        fast.insert(0, 0)
    assert fast == [m.start() for m in URGING_START.finditer(text)]
    assert events._split_after(events._SENTENCE_END, text) == re.split(r"(?<=[。!?])", text)


@PROFILE
@given(texts("委书记", "有限公司", "集团", "人,", "代表团", "一行", "赴", "县", "市", "援疆",
             "签署", "协议", "合同", ",", "。", "与", "在", "正式", size=12))
def test_costly_patterns_are_skipped_only_where_they_cannot_match(text: str) -> None:
    assert parties._no_evidence_after(text) == bool(parties.NO_EVIDENCE_AFTER.match(text))
    if parties.VISITOR_AFTER.match(text):
        assert parties.VISITOR_WORD.search(text)
    if any(agreements.BEFORE_VERB.finditer(text)):
        assert agreements._may_sign_before(text, 0, len(text))


# ------------------------------------------------------------------ the gazetteer's trie

REGIONS = [
    Region("620000", "甘肃省", "甘肃", "province", None),
    Region("622900", "临夏回族自治州", "临夏州", "prefecture", "620000"),
    Region("622901", "临夏市", "临夏", "county", "622900"),
    Region("622927", "积石山保安族东乡族撒拉族自治县", "积石山县", "county", "622900"),
    Region("370100", "济南市", "济南", "prefecture", "370000"),
    Region("370114", "章丘区", "章丘", "county", "370100"),
]


def longest_names(registry: Registry, text: str) -> list[tuple[int, int, str]]:
    """Every name of the registry in ``text``, longest first at each place, left to right."""
    names = sorted(registry._aliases, key=len, reverse=True)
    found, i = [], 0
    while i < len(text):
        name = next((n for n in names if text.startswith(n, i)), None)
        if name is None:
            i += 1
        else:
            found.append((i, i + len(name), name))
            i += len(name)
    return found


@PROFILE
@given(texts("临夏", "临夏州", "临夏回族自治州", "临夏市", "积石山", "积石山县", "济南", "济南市",
             "章丘区", "甘肃省", "甘肃", "市", "州", "县"))
def test_the_gazetteer_finds_the_longest_name_at_each_place(text: str) -> None:
    registry = build_registry(REGIONS, [])
    assert list(registry.find(text)) == longest_names(registry, text)


# ------------------------------------------------------------------ the GBK repair's walk


def plain_region_start(line: str, end: int) -> int:
    j = end
    while j > 0 and end - j < mojibake.MAX_RUN:
        ch = line[j - 1]
        if ch == ")":
            m = mojibake._marker_before(line, j)
            if m is not None:
                j = m
                continue
        if ch.isascii() and (ch.isalnum() or ch in "\t"):
            break
        if mojibake._encode2(ch) is None:
            break
        j -= 1
    return j


@PROFILE
@given(texts("?yōu)", "?", "yōu)", ")", "橄嫖", "髦", "d", "5", "\t", "。", "\ue000", "😀", "协作",
             size=80), st.integers(min_value=0, max_value=400))
def test_a_runs_leftmost_start_is_found_as_the_walk_finds_it(line: str, end: int) -> None:
    if not line:
        return
    end = end % len(line)
    limit = mojibake.MAX_RUN
    try:
        for mojibake.MAX_RUN in (limit, 7):  # also where the limit stops the walk
            mojibake._LINE_CODES.clear()
            assert mojibake._region_start(line, end) == plain_region_start(line, end)
    finally:
        mojibake.MAX_RUN = limit
