"""Event types of a report, from what it says happened (not what speeches urge).

A type is given when its cues are strong enough: a delegation or inspection
for ``visit``, a named meeting for ``joint_meeting``, a signing or an agreement
for ``signing``, money handed over for ``fund_delivery``, cumulative figures
(or the figures a meeting reports, 通报) for ``summary``, courses, training
bases and the arrival of cadres, teachers or doctors sent to the recipient for
``training``, job placement for ``labour``, purchases and fairs for
``consumption``, projects visited, started or signed for ``project``.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from datetime import date, timedelta
from typing import NamedTuple

from xiezuo.news.breaks import first_of, last_of
from xiezuo.news.dates import find_mentions
from xiezuo.news.schema import EVENT_TYPES

CUES: dict[str, tuple[re.Pattern[str], int]] = {
    "visit": (
        re.compile(
            r"代表团|考察团|调研组|慰问团|率队|带队|率团|一行(?:来|到|赴|先后|深入|实地)|"
            r"赴[^,。]{1,14}(?:考察|调研|对接|走访|慰问)|到[^,。]{1,14}(?:考察|调研|走访)|实地(?:考察|察看|调研)|"
            r"看望慰问|考察了|调研了|走访了|察看了"
        ),
        1,
    ),
    "joint_meeting": (
        # not a project's 对接会 or 推进会: the two sides meeting as such
        re.compile(r"联席会议|座谈会|协调会|恳谈会|交流会|工作会议|会商会|高层会晤|联席会"),
        1,
    ),
    # an order is bought, not signed as an agreement: 签订了7563个消费订单
    "signing": (re.compile(r"(?:签订|签署|签约|签下|签定)(?![^,。;]{0,12}订单)|签字仪式"), 1),
    "fund_delivery": (
        re.compile(
            r"交付[^,。]{0,12}资金|资金[^,。]{0,6}交付|拨付|捐赠仪式|捐赠|捐款|捐助|交接仪式|"
            r"移交[^,。]{0,8}资金|下达[^,。]{0,16}资金|援助资金[^,。]{0,10}(?:交付|拨付)"
        ),
        1,
    ),
    "summary": (re.compile(r"$^"), 1),
    "training": (
        re.compile(
            r"培训班|培训基地|研修班|专题培训|培训[^,。]{0,16}(?:人次|期|场|名)|开班|技能培训|轮训|培训学校|"
            r"传帮带|带教|培养[^,。]{0,12}人才|赴[^,。]{1,6}培训|组织[^,。]{0,30}(?:赴|参加)[^,。]{0,8}培训|"
            # people sent to work in the recipient (cadres, teachers, doctors) arriving:
            # grouped with training, as annotators do (SCHEMA has no type of its own)
            r"选派[^,。]{0,24}(?:干部|教师|老师|医生|医护|医务|医疗队|专家|人才|技术人员)[^,。]{0,12}"
            r"(?:抵达|到达|出发|启程|报到)|"
            r"支教"
        ),
        1,
    ),
    "labour": (
        re.compile(
            r"劳务协作站|劳务输出|劳务输转|转移就业|输转|稳岗|招聘会|务工人员|就业岗位|岗位[^,。]{0,6}个|"
            r"劳务对接|点对点|专列|包机|返岗|务工|劳动力[^,。]{0,12}就业|招聘会|"
            r"人员到[^,。]{1,6}就业|人口到[^,。]{1,6}就业|劳动力到[^,。]{1,6}就业|群众到[^,。]{1,6}就业|"
            r"就近就地就业|就地就近就业"
        ),
        1,
    ),
    "consumption": (
        re.compile(
            r"消费帮扶|消费协作|展销|直播带货|带货|农特产品|特色产品[^,。]{0,8}(?:销售|采购)|采购[^,。]{0,10}(?:产品|农产品)|"
            r"订单(?<!投资订单)|销售额|专馆|专柜|832平台|产销对接|帮助销售|消费扶贫|展销会|展销周"
        ),
        1,
    ),
    "project": (
        re.compile(
            r"项目|考察了?[^。]{0,24}(?:产业园|园区|基地|车间|工厂)|察看了?[^。]{0,24}(?:产业园|园区|基地|车间|工厂)|"
            r"参观了?[^。]{0,24}(?:产业园|园区|基地|车间|工厂)|调研了?[^。]{0,24}(?:产业园|园区|基地|车间|工厂)|"
            r"协作产业园|共建[^,。]{0,6}产业园|扶贫车间|帮扶车间"
        ),
        1,
    ),
}
_SENTENCE_END = re.compile(r"[。!?]")
_SENTENCE_OR_LINE_END = re.compile(r"[。!?\n]")


def _split_after(pattern: re.Pattern[str], text: str) -> list[str]:
    """``text`` cut after every match of ``pattern`` (as ``re.split`` on a look-behind, whose
    scan tries every position)."""
    out = []
    start = 0
    for match in pattern.finditer(text):
        out.append(text[start : match.end()])
        start = match.end()
    out.append(text[start:])
    return out
NARRATIVE = re.compile(
    r"(?:会上|会后|会前|随后|此后|期间|当天|当日|代表团|调研组|考察团|据介绍|据了解|据悉|此外|同时|"
    r"\d{1,2}月\d{1,2}日|\d{1,2}日)"
)
SPEECH = re.compile(r"(?:表示|指出|强调|要求|希望|说|提出|建议)[,:]")
URGING = re.compile(
    r"^(?:[一二三四五六七八九十]是|[一二三四五六七八九十]要|要|必须|应当|希望|将|要把|要在)"
)
FIGURE = re.compile(  # \d\d* rather than \d+: the engine skips ahead to a digit
    r"\d\d*(?:\.\d+)?(?:余|多)?(?:万|亿)?(?:余|多)?(?:元|个|人|名|家|项|所|户|亩|吨|批|场|次)"
)


# an urging sentence after a break: the break is matched (the engine skips ahead to it),
# the sentence starts after it
URGING_AFTER_BREAK = re.compile(r"[。!?\n](?=" + URGING.pattern.lstrip("^") + ")")
_BREAK = re.compile(r"[。!?\n]")


class _Sentence(NamedTuple):  # (a tuple: made for every sentence of such a paragraph)
    """A sentence of a paragraph that holds a speech verb, with what ``_dropped`` asks of it."""

    start: int
    end: int
    text: str
    narrative: bool
    speech: bool
    figure: bool
    urging: bool


class _Speeches(NamedTuple):
    """What ``_dropped`` reads of a text whatever it skips: the sentences of the paragraphs
    that hold a speech verb, and the starts of the sentences that open by urging (read once
    when the text is read twice, with and without the sentences dated elsewhere)."""

    paragraphs: list[tuple[int, list[_Sentence]]]
    urging: list[int]


#: ``URGING`` at a sentence's start inside the text (``^`` holds only at the text's own start)
_URGING_AT = re.compile(URGING.pattern.lstrip("^"))


def _holds(starts: list[int], lo: int, hi: int) -> bool:
    """Whether one of the sorted ``starts`` lies in ``lo:hi``."""
    at = bisect_left(starts, lo)
    return at < len(starts) and starts[at] < hi


def _speeches(text: str) -> _Speeches:
    # A sentence holds a speech verb or a figure when a match over the text (or its paragraph)
    # starts in it: neither pattern spans a sentence's end (。!? or the line's end), so this is
    # what a search of the sentence finds, without a search per sentence.
    speech = [m.start() for m in SPEECH.finditer(text)]
    urging = [m.end() for m in URGING_AFTER_BREAK.finditer(text)]
    if URGING.match(text):
        urging.insert(0, 0)
    paragraphs: list[tuple[int, list[_Sentence]]] = []
    for lo in sorted({text.rfind("\n", 0, at) + 1 for at in speech}):
        hi = text.find("\n", lo)
        hi = len(text) if hi == -1 else hi
        figures = [m.start() for m in FIGURE.finditer(text, lo, hi)]
        ends = [m.end() for m in _SENTENCE_END.finditer(text, lo, hi)]
        ends.append(hi)  # the rest of the line, empty after a last "。"
        sentences = []
        start = lo
        for end in ends:
            sentences.append(
                _Sentence(
                    start,
                    end,
                    text[start:end],
                    NARRATIVE.match(text, start, end) is not None,
                    _holds(speech, start, end),
                    _holds(figures, start, end),
                    _URGING_AT.match(text, start, end) is not None,
                )
            )
            start = end
        paragraphs.append((lo, sentences))
    return _Speeches(paragraphs, urging)


def _dropped(
    text: str,
    skip: set[str] | None = None,
    dated: list[tuple[int, int, str]] | None = None,
    speeches: _Speeches | None = None,
) -> list[tuple[int, int]]:
    """Spans of the sentences that ``_factual`` drops (speech, urging) and of those in
    ``skip``, in order. Only the paragraphs that hold a speech verb are read sentence by
    sentence; elsewhere only a sentence that opens by urging can go, and one to skip."""
    if speeches is None:
        speeches = _speeches(text)
    if not speeches.paragraphs and not speeches.urging and not skip:
        return []
    spans: list[tuple[int, int]] = []
    for _, sentences in speeches.paragraphs:
        speaking = False
        for sentence in sentences:
            if skip and sentence.text in skip:
                spans.append((sentence.start, sentence.end))  # left out before the rest is read
            else:
                if sentence.narrative:
                    speaking = False
                speaking = speaking or sentence.speech
                if not sentence.figure and (speaking or sentence.urging):
                    spans.append((sentence.start, sentence.end))
    speaking_at = {lo for lo, _ in speeches.paragraphs}
    starts = set(speeches.urging)
    if skip:
        if dated is None:
            dated = _dated_sentences(text)
        starts.update(lo for lo, _, sentence in dated if sentence in skip)
    for at in sorted(starts):
        if text.rfind("\n", 0, at) + 1 in speaking_at:
            continue  # read above
        close = _BREAK.search(text, at)
        end = len(text) if close is None else close.end() - (close.group() == "\n")
        if (skip and text[at:end] in skip) or not FIGURE.search(text, at, end):
            spans.append((at, end))
    return sorted(spans)


def _factual(
    text: str,
    skip: set[str] | None = None,
    dated: list[tuple[int, int, str]] | None = None,
    speeches: _Speeches | None = None,
) -> str:
    """The text without what speeches urge or promise: a paragraph opened by a speech
    verb is dropped, and so is an urging sentence, unless it gives figures (and without
    the sentences of ``skip``, left out before the rest is read)."""
    kept: list[str] = []
    start = 0
    for lo, hi in _dropped(text, skip, dated, speeches):
        kept.append(text[start:lo])
        start = hi
    kept.append(text[start:])
    return "".join(kept) + "\n"


SUMMARY_CUE = re.compile(
    r"累计|截至|截止|以来|年来|全年|今年1|^\d{4}年[,，]|通报|总计|合计|迄今|过去的?一年|一年来|"
    r"去年[,，]|上一?年[,，]"  # 获悉:去年,…投入资金…: the last year's figures
)
PLAN_CUE = re.compile(r"计划|预计|将|目标|力争|年度资金")
SUMMARY_MIN_FIGURES = 2
NATIONAL = re.compile(r"习近平|总书记|党中央|国务院")


#: a report that looks back on a period as a whole: "在过去的一年,…", "…工作综述"
RETROSPECT = re.compile(r"过去的?一年|一年来|综述|回顾|盘点")
#: a list of work areas names no event: "产业协作、劳务协作、消费协作3个方面"
AREAS = re.compile(
    r"(?:[\u4e00-\u9fff]{2,4}(?:协作|帮扶|合作|交流|共建)、)+[\u4e00-\u9fff]{2,4}(?:协作|帮扶|合作|交流|共建)"
)
PERIOD = re.compile(r"累计|以来|全年|总计|年来")
#: types of an event that happens on a day (a summary, a project, jobs… span a period)
DATED_TYPES = ("visit", "joint_meeting", "signing", "fund_delivery")
NEAR = timedelta(days=7)
DATELINE_END = re.compile(r"电|消息|讯")
YEAR_MONTH = re.compile(r"(?P<y>(?:19|20)\d{2})年(?P<m>\d{1,2})月(?!\d{1,2}[日号])")


DATE_HINT = re.compile(r"\d(?:\s*月|\d{3}\s*[-./])")  # one leading digit: the engine skips to it
AREA_HINT = re.compile(
    r"(?:协作|帮扶|合作|交流|共建)、[\u4e00-\u9fff]{2,4}(?:协作|帮扶|合作|交流|共建)"
)


_NOT_IN_AREAS = re.compile(r"[^\u4e00-\u9fff、]")  # a list of work areas holds none


def _without_areas(text: str) -> str:
    """``AREAS.sub("", text)``, run only over the stretches of Chinese characters and "、"
    that hold a hint of a list (``AREA_HINT``): a list lies inside such a stretch and holds
    such a hint, and the pattern, tried at every character, is costly."""
    pieces: list[str] = []
    done = 0
    for hint in AREA_HINT.finditer(text):
        if hint.start() < done:
            continue  # in the stretch just read
        lo = hint.start()
        while lo > 0 and not _NOT_IN_AREAS.match(text, lo - 1):
            lo -= 1
        close = _NOT_IN_AREAS.search(text, hint.end())
        hi = close.start() if close else len(text)
        pieces.append(text[done:lo])
        pieces.append(AREAS.sub("", text[lo:hi]))
        done = hi
    if not pieces:
        return text
    pieces.append(text[done:])
    return "".join(pieces)


def _sentence_at(text: str, at: int) -> str:
    """The sentence of ``text`` around ``at``, as ``_factual`` cuts it (areas removed)."""
    lo = last_of(text, "。!?\n", at) + 1
    close = first_of(text, "。!?", at)
    ends = [close + 1] if close != -1 else []
    line_end = text.find("\n", at)
    hi = min([*ends, line_end if line_end != -1 else len(text)])
    sentence = text[lo:hi]
    return AREAS.sub("", sentence) if AREA_HINT.search(sentence) else sentence


def _dated_sentences(text: str) -> list[tuple[int, int, str]]:
    """(start, end, sentence) of the sentences (as ``_factual`` cuts them) that hold
    something like a date."""
    out: list[tuple[int, int, str]] = []
    last = -1
    for hint in DATE_HINT.finditer(text):
        if hint.start() < last:
            continue
        lo = last_of(text, "。!?\n", hint.start()) + 1
        close = _BREAK.search(text, hint.start())
        last = close.end() if close else len(text)
        hi = close.start() if close and close.group() == "\n" else last
        out.append((lo, hi, text[lo:hi]))
    return out


def _elsewhere_in_time(sentence: str, event: date) -> bool:
    """True for a sentence dated away from the event (继4月8日…; 2017年9月,两地签订…): it
    tells of another event."""
    days = []
    for m in find_mentions(sentence):
        if DATELINE_END.match(sentence, m.end):
            continue  # 新华社昆明8月6日电: when the story was filed, not a date it tells
        year = m.year or (
            event.year - 1 if (m.month, m.day) > (event.month, event.day + 7) else event.year
        )
        try:
            days.append(date(year, m.month, m.day))
        except ValueError:
            continue
    months = [int(m["y"]) * 12 + int(m["m"]) for m in YEAR_MONTH.finditer(sentence)]
    here = event.year * 12 + event.month
    near = any(event - NEAR <= d <= event + timedelta(days=1) for d in days) or any(
        here - 1 <= m <= here for m in months
    )
    return bool(days or months) and not near


SUMMARY_ANYWHERE = re.compile(SUMMARY_CUE.pattern.replace("|^\\d{4}年[,，]", ""))
YEAR_OPENS = re.compile(r"[。!?\n:]\s*\d{4}年[,，]")  # after a break (the engine skips to one)
YEAR_OPENS_TEXT = re.compile(r"\s*\d{4}年[,，]")  # … or at the start of the text


def _summary_figures(text: str) -> int:
    """Figures given in sentences that sum up a period (累计, 以来, 全年…), plans excluded;
    every figure of a report that looks back on a period as a whole."""
    if RETROSPECT.search(text[:200]):
        return len(FIGURE.findall(text))
    starts = sorted(
        {m.start() for m in SUMMARY_ANYWHERE.finditer(text)}
        | (  # every match ends in 年, or 年，: without either, the pattern is not tried
            {m.end() - 1 for m in YEAR_OPENS.finditer(text)}
            if "年," in text or "年，" in text
            else set()
        )
        | {m.end() - 1 for m in (YEAR_OPENS_TEXT.match(text),) if m}
    )
    total = 0
    done = -1
    counted: list[tuple[int, int]] = []
    for at in starts:
        if at < done:
            continue  # in the sentence just counted
        lo = last_of(text, "。!?\n", at) + 1
        close = _BREAK.search(text, at)
        done = close.end() if close else len(text)
        sentence = text[lo:done]
        if not PLAN_CUE.search(sentence) and not NATIONAL.search(sentence):
            total += len(FIGURE.findall(sentence))
            counted.append((lo, done))
    # a paragraph opened by such a sentence ("据了解,…开展以来,…") sums up in all its figures
    for lo, hi in counted:
        if lo == 0 or text[lo - 1] == "\n":
            end = text.find("\n", hi)
            stop = len(text) if end == -1 else end
            rest = text[hi:stop]
            taken = sum(len(FIGURE.findall(text[a:b])) for a, b in counted if hi <= a and b <= stop)
            total += len(FIGURE.findall(rest)) - taken
    return total


def find_event_types(
    text: str,
    has_agreements: bool,
    has_delivery_amount: bool,
    event: date | None = None,
    agreements_at: Iterable[int] | None = None,
) -> list[str]:
    """Event types, in the schema's order. With the event's date, what sentences dated
    away from it tell (an earlier visit, an agreement signed years before) gives no visit,
    meeting, signing or delivery; ``agreements_at`` are where the agreements are written."""
    original = text
    text = _without_areas(text)
    speeches = _speeches(text)  # (read once for both readings below)
    factual = _factual(text, speeches=speeches)
    elsewhen: set[str] = set()
    dated = None
    if event is not None:
        dated = _dated_sentences(text)  # (``_factual`` needs them again: found once)
        elsewhen = {s for _, _, s in dated if _elsewhere_in_time(s, event)}
    on_the_day = _factual(text, elsewhen, dated, speeches) if elsewhen else factual
    if agreements_at is not None:
        places = list(agreements_at)
        has_agreements = any(_sentence_at(original, at) not in elsewhen for at in places)
    found: list[str] = []
    for name in EVENT_TYPES:
        if name == "summary":  # counted from its figures, not from cues
            if _summary_figures(text) >= SUMMARY_MIN_FIGURES:
                found.append(name)
            continue
        if (name == "signing" and has_agreements) or (
            name == "fund_delivery" and has_delivery_amount
        ):
            found.append(name)  # an agreement or an amount handed over is enough: no cue needed
            continue
        pattern, needed = CUES[name]
        source = on_the_day if name in DATED_TYPES else factual
        if name == "fund_delivery" and PERIOD.search(source) and pattern.search(source):
            # 累计捐款捐物…: money given over a period
            source = "".join(
                s for s in _split_after(_SENTENCE_OR_LINE_END, source) if not PERIOD.search(s)
            )
        hits = (1 if pattern.search(source) else 0) if needed == 1 else len(
            pattern.findall(source)
        )
        if hits >= needed:
            found.append(name)
    return found
