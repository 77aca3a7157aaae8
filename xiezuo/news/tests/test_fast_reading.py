"""The reading's faster forms say what the plain forms they replace say, on any text.

A sentence's speech verb and figures looked up among the matches over its paragraph, a
title's words grouped by first character, the years of the work found from their numeral,
a title's start found by the regex engine: the plain form is kept here and both are run on
arbitrary text made of the pieces that matter to them.
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xiezuo.news import breaks, dates, events, people

PROFILE = settings(
    max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)


def texts(*pieces: str, size: int = 40) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(pieces) | st.text(max_size=3), max_size=size).map("".join)


def _plain_dropped(text: str, skip: set[str] | None = None) -> list[tuple[int, int]]:
    """``events._dropped`` as it read every sentence with its own searches."""
    speech = [m.start() for m in events.SPEECH.finditer(text)]
    urging = [m.end() for m in events.URGING_AFTER_BREAK.finditer(text)]
    if events.URGING.match(text):
        urging.insert(0, 0)
    if not speech and not urging and not skip:
        return []
    spans: list[tuple[int, int]] = []
    speaking_paragraphs = sorted({text.rfind("\n", 0, at) + 1 for at in speech})
    for lo in speaking_paragraphs:
        hi = text.find("\n", lo)
        hi = len(text) if hi == -1 else hi
        speaking = False
        start = lo
        for sentence in re.split(r"(?<=[。!?])", text[lo:hi]):
            end = start + len(sentence)
            if skip and sentence in skip:
                spans.append((start, end))
            else:
                if events.NARRATIVE.match(sentence):
                    speaking = False
                speaking = speaking or bool(events.SPEECH.search(sentence))
                if not events.FIGURE.search(sentence) and (
                    speaking or events.URGING.match(sentence)
                ):
                    spans.append((start, end))
            start = end
    speaking_at = set(speaking_paragraphs)
    starts = set(urging)
    if skip:
        starts.update(lo for lo, _, sentence in events._dated_sentences(text) if sentence in skip)
    for at in sorted(starts):
        if text.rfind("\n", 0, at) + 1 in speaking_at:
            continue
        close = events._BREAK.search(text, at)
        end = len(text) if close is None else close.end() - (close.group() == "\n")
        if (skip and text[at:end] in skip) or not events.FIGURE.search(text, at, end):
            spans.append((at, end))
    return sorted(spans)


SPEAKING = texts(
    "表示,", "说:", "指出,", "要", "必须", "一是", "会上", "随后", "3月5日", "12日", "会议",
    "100万元", "3.5亿元", "20个", "1", "。", "!", "?", "\n", "我们", "发展", "2023年3月",
)


@PROFILE
@given(SPEAKING, st.lists(st.integers(0, 40), max_size=3))
def test_speeches_are_dropped_as_sentence_by_sentence_searches_drop_them(
    text: str, cuts: list[int]
) -> None:
    skip = {s for _, _, s in events._dated_sentences(text)} | {text[c : c + 6] for c in cuts}
    assert events._dropped(text) == _plain_dropped(text)
    assert events._dropped(text, skip) == _plain_dropped(text, skip)
    speeches = events._speeches(text)
    assert events._dropped(text, skip, None, speeches) == _plain_dropped(text, skip)


TITLED = texts(
    "书记", "副书记", "党委书记", "市长", "常务副市长", "副市长", "主任", "副主任委员", "委员",
    "总经理", "副总经理", "组成员", "市", "长", "副", "总", "的", "王", "李强", "、", ",",
)


@PROFILE
@given(TITLED)
def test_title_words_are_found_as_the_plain_alternation_finds_them(text: str) -> None:
    plain = re.compile(rf"(?:{people.OFFICES})")
    assert [m.span() for m in people.TITLE_WORD.finditer(text)] == [
        m.span() for m in plain.finditer(text)
    ]
    assert bool(people.TITLE_WORD.match(text)) == bool(plain.match(text))


def _plain_title_start(text: str, end: int, floor: int) -> int:
    start = end
    while start > floor and end - start < 60:
        if text[start - 1] in ",。;:!?“”\n(）)":
            break
        start -= 1
    return start


@PROFILE
@given(
    texts("书记", "市", "王", ",", "。", ":", "(", ")", "\n", "“", "”", size=50),
    st.integers(0, 120),
    st.integers(0, 120),
)
def test_a_titles_start_is_found_as_the_walk_back_finds_it(
    text: str, end: int, floor: int
) -> None:
    end = min(end, len(text))
    start = min(end, max(floor, end - 60))
    boundary = people._UP_TO_LAST_BOUNDARY.match(text, start, end)
    found = boundary.end() if boundary else start
    assert found == _plain_title_start(text, end, floor)


@PROFILE
@given(texts("年来", "年", "来", "1", "12", "123", "二", "十", "两", "三年来", "二十", "。"))
def test_the_works_years_are_found_as_the_look_behind_says(text: str) -> None:
    plain = re.compile(r"(?<![\d一二三四五六七八九十两])(?P<n>[两二三四五六七八九十]|\d{1,2})年来")
    assert [(m.span(), m["n"]) for m in dates.YEARS_SINCE.finditer(text)] == [
        (m.span(), m["n"]) for m in plain.finditer(text)
    ]


@PROFILE
@given(texts("王", "李强", "阿", "·", "1", ",", "a", "说", size=8), st.integers(0, 12))
def test_a_names_candidates_are_those_the_characters_allow(text: str, pos: int) -> None:
    plain = [text[pos : pos + n] for n in (3, 2, 4)]
    plain = [c for c in plain if len(c) >= 2 and all("\u4e00" <= ch <= "\u9fff" for ch in c)]
    assert people._candidates(text, pos) == plain


@PROFILE
@given(
    texts("。", "!", "?", "\n", ",", ";", "“", "发展" * 70, "协作", size=30),
    st.integers(-5, 3000),
    st.sampled_from(["。!?\n", "。\n!?", ",。;:\n", ",。;\n", ",。;:!?\n“", "。\n", "。!?"]),
)
def test_the_nearest_marks_are_those_a_search_of_the_whole_text_finds(
    text: str, at: int, marks: str
) -> None:
    assert breaks.last_of(text, marks, at) == max(text.rfind(m, 0, at) for m in marks)
    found = [i for i in (text.find(m, at) for m in marks) if i != -1]
    assert breaks.first_of(text, marks, at) == (min(found) if found else -1)


@PROFILE
@given(texts("率领", "率", "说", "同志", "同", "来到", "王", "艾尔肯", "·", "吐尔逊", ",", "1"))
def test_a_names_end_is_found_where_the_plain_alternation_finds_it(text: str) -> None:
    plain = re.compile(rf"{people.NAME_END_WORDS}|[,。、;:!?()“”\"《》\s]|\d|$")
    for at in range(len(text) + 1):
        assert bool(people.NAME_END.match(text, at)) == bool(plain.match(text, at))
    plain_dotted = re.compile(
        rf"[\u4e00-\u9fff]{{1,6}}[·•][\u4e00-\u9fff]{{1,6}}?(?={plain.pattern})"
    )
    assert [m.span() for m in people.DOTTED_NAME.finditer(text)] == [
        m.span() for m in plain_dotted.finditer(text)
    ]
