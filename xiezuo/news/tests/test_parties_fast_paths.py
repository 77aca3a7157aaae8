"""The region reader's short cuts say what the patterns they skip would say, on any text.

A pattern is tried only where a character its matches need is there (the first or last
character, a word every match holds); each test runs the pattern on arbitrary text made of
the pieces that matter to it and checks that wherever it matches, the short cut would try it.
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xiezuo.news import parties

PROFILE = settings(
    max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)


def texts(*pieces: str, size: int = 8) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(pieces) | st.text(max_size=2), max_size=size).map("".join)


@PROFILE
@given(texts("委", "员会", "签", "人大", "政协", "副市长", "党校", "人", ",", "。", "4月", "19日",
             "电", "讯", "报道)", "1", "٣", "\n", "公司", "集团", "东站", "北站"))
def test_titles_origins_and_datelines_begin_with_the_characters_looked_for(text: str) -> None:
    match = parties.TITLE_ORIGIN_DATELINE_AFTER.match(text)
    if match is not None:
        assert text[:1] in parties.TITLE_ORIGIN_DATELINE_STARTS or text[:1].isdecimal()
    assert (match is not None and match["title"] is not None) == bool(
        parties.TITLE_AFTER.match(text)
    )
    organisation = parties.ORGANISATION_WORD.search(text) and parties.ORG_AFTER.match(text)
    assert (match is not None or bool(organisation)) == bool(
        parties.NO_EVIDENCE_AFTER.match(text)
    )


PLAIN_ORGANISATION_WORD = re.compile(
    r"公司|集团|银行|报社|日报|晚报|电视台|信息港|新闻网|网站|协会|商会|研究院|研究所|酒店|宾馆|"
    r"火车站|高铁站|[东西南北]站|站|机场|大集|年货节|购物节|博览会|交易会"
)


@PROFILE
@given(texts("东站", "西站", "南站", "北站", "站", "东", "公司", "火车站", "高铁站", "新闻网站"))
def test_the_organisation_words_are_the_plain_ones(text: str) -> None:
    assert spans(parties.ORGANISATION_WORD, text) == spans(PLAIN_ORGANISATION_WORD, text)


def spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)]


@PROFILE
@given(texts("赴", "到", "受到", "来到", "前往", "抵达", "莅临", "深入", "走进", "走访", "来", "\n",
             "帮扶", "定点帮扶", "援建", "支援", "帮助", "援助", "的", "位于", "分布在", "落户",
             "选址", "坐落于", "在", size=4))
def test_the_patterns_read_before_a_place_end_with_the_characters_looked_for(text: str) -> None:
    if parties.MOVE_BEFORE.search(text):
        assert text[-1:] in parties.MOVE_BEFORE_ENDS
    if parties.HELPED_BEFORE.search(text):
        assert text[-1:] in parties.HELPED_BEFORE_ENDS
    if parties.SITE_BEFORE.search(text):
        assert text[-1:] in parties.SITE_BEFORE_ENDS


@PROFILE
@given(texts("、", "和", "及", "市", "永寿县", ",", " ", "援", "援建", "援疆", "县"))
def test_lists_and_helpers_hold_the_characters_looked_for(text: str) -> None:
    if parties.LIST_GAP.fullmatch(text):
        assert text[:1] in parties.LIST_MARKS
    if parties.HELPER_AFTER.match(text):
        assert "援" in text[:2]
