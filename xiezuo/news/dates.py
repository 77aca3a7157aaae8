"""The date of the event a report is about.

Every printed date is a candidate ("2024年3月23日", "3月23日至24日", "24日上午");
the candidate in the sentence that carries the event (a delegation, a meeting,
a signing, naming the parties) wins, earlier ones breaking ties. A news agency's
dateline ("新华社重庆9月21日电", "央广网北京4月28日消息") is the event's day unless the
text dates the event in the week before it; dates further from it are mentioned in
passing. When only month and day are printed the year comes from the publication
line, then from plan periods and anniversaries ("收官之年", "协作三年来"), then from
the years the report mentions (a January or February report summing up a year was
released the year after). A report that dates nothing ("日前", "近日") is dated by its
publication line.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from xiezuo.news.breaks import first_of, last_of

FULL_DATE = re.compile(
    r"(?P<y>(?:19|20)\d{2})\s*[年\-./]\s*(?P<m>\d{1,2})\s*[月\-./]\s*(?P<d>\d{1,2})[日号]?"
)
CHINESE_DATE = re.compile(
    r"(?P<y>[〇零一二三四五六七八九][〇零一二三四五六七八九]{3})年(?P<m>[一二三四五六七八九十]{1,2})月"
    r"(?P<d>[一二三四五六七八九十]{1,3})日"
)
# These patterns consume the first digit before they look behind it (the same
# condition, written so that the regex engine can skip ahead to the next digit).
MONTH_DAY = re.compile(r"(?P<m>\d(?<![\d年.\-/]\d)\d?)月(?P<d>\d{1,2})[日号]")
DAY_ONLY = re.compile(  # not inside a figure nor ending a span: "会议19日在银川召开", ",24日上午"
    r"(?P<d>\d(?<![^。,;\n\s\u4e00-\u9fff(]\d)(?<![至到]\d)\d?)日"
    r"(?=上午|下午|晚|晚上|早上|中午|,|在|召开|举行|从|获悉|\)上午|\)下午|[至到—\-~]\d{1,2}日)"
)  # "14日至15日": the span's first day
YEAR = re.compile(
    r"(?P<y>(?:19|20)(?<![\d—\-–~]..)(?<![^截]至..)\d{2})(?:[—\-–~至](?:19|20)\d{2})?年"
    r"(?!\d{1,2}月\d{1,2}日)"  # a span's end (2016—2018年) is no year of its own; 截至2016年 is
)
START_YEAR_BEFORE = re.compile(r"(?:自|从|于|早在)$")
START_YEAR_AFTER = re.compile(r"^(?:年)?(?:以来|起|开始|启动|至今)")
#: 1994年至2018年: 1994 began the span, 2018 is where it stands (the present)
SPAN = re.compile(r"(?:19|20)\d{2}年[至到—\-–~](?P<end>(?:19|20)\d{2})年")
FUTURE_BEFORE = re.compile(
    r"(?:研究|部署|谋划|计划|到|明年|展望|目标|将在|将于|会在|会于|要在|预计|力争|争取|拟于|拟在)$"
)
PUBLICATION_CUE = re.compile(r"发布|时间|日期|来源|日报|晚报|报\s|网|稿|编辑|Posted|更新")
DATELINE = re.compile(r"电|消息")
DATELINE_WINDOW = 7  # days before a dateline in which the text may date the event
FUTURE = re.compile(r"将|计划|目标|力争|预计|拟")
PASSING = re.compile(r"(?:继|早在|曾于|曾在|此前|去年|自)$")  # 继4月8日…签署…后
FILED = re.compile(r"讯")  # 本报莎车4月11日讯: the day the story was filed
REPORTED = re.compile(r"获悉|了解到|得知|获知")  # 记者…获悉: what follows is what was learnt
RELATIVE = {"昨日": -1, "昨天": -1, "今日": 0, "今天": 0, "前天": -2, "前日": -2}
UNDATED = re.compile(r"日前|近日|近期|日前|连日来|近段时间")
#: a year the text looks back on as complete: "2024年,…", "去年…", "全年…"
LOOKING_BACK = re.compile(r"去年|上年|(?:19|20)\d{2}年(?:,|全年|共|累计)")
EVENT_CUES = re.compile(
    r"代表团|考察团|调研组|工作组|率队|带队|率领|赴|前往|来到|抵达|联席会议|座谈会|对接会|推进会|协调会|"
    r"签约|签订|签署|交付|捐赠|揭牌|开幕|启动|召开|举行|举办|培训班|开班|招聘会|展销"
)
STRONG_CUES = re.compile(
    r"代表团|考察团|调研组|工作组|率队|带队|率领|联席会议|签约仪式|交付仪式|捐赠仪式"
)
NATIONAL_CUES = re.compile(r"习近平|总书记|党中央|国务院|中央")
ANNIVERSARY = re.compile(
    r"(?P<kind>东西部协作|东西部扶贫协作|对口帮扶|对口支援|扶贫协作|协作)[^。]{0,6}?(?P<n>[一二三四五六七八九十\d]+)年来"
)
ERA_START = {"东西部协作": 2021, "东西部扶贫协作": 2016}
#: the work "N years" old, counted from the year the report says it began
YEARS_SINCE = re.compile(  # the numeral first, then what stands before it (see MONTH_DAY)
    r"(?P<n>[两二三四五六七八九十](?<![\d一二三四五六七八九十两].)|\d(?<![\d一二三四五六七八九十两]\d)\d?)"
    r"年来"
)
MAX_YEARS_SINCE = 10
PLAN_YEARS = (
    (
        re.compile(
            r"脱贫攻坚[^。]{0,12}收官之年|收官之年[^。]{0,12}脱贫攻坚|决战决胜脱贫攻坚|十三五[^。]{0,8}收官"
        ),
        2020,
    ),
    (re.compile(r"十四五[^。]{0,8}开局之年|开局之年[^。]{0,8}十四五"), 2021),
    (re.compile(r"十四五[^。]{0,8}收官之年"), 2025),
    (re.compile(r"十五五[^。]{0,8}开局之年"), 2026),
)
#: one of these is in every match of PLAN_YEARS
PLAN_YEAR_WORDS = ("收官", "开局之年", "决战决胜脱贫攻坚")
#: a year in a title: "2019年度", "《…2019年…》"
TITLED_YEAR = re.compile(r"(?P<y>(?:19|20)\d{2})年度|《[^》]*?(?P<t>(?:19|20)\d{2})年[^》]*》")
_CN = {ch: i for i, ch in enumerate("零一二三四五六七八九")} | {"十": 10, "〇": 0}


@dataclass(frozen=True)
class DateMention:
    year: int | None
    month: int
    day: int
    start: int
    end: int


def _valid(year: int | None, month: int, day: int) -> bool:
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return False
    try:
        date(year or 2000, month, day)
    except ValueError:
        return False
    return True


def find_mentions(text: str) -> list[DateMention]:
    """Every printed date in ``text``, full or month-day or day-only (month from the last one)."""
    mentions: list[DateMention] = []
    if "月" not in text and "-" not in text and "." not in text and "/" not in text:
        return mentions
    taken: list[tuple[int, int]] = []
    for match in CHINESE_DATE.finditer(text):
        y = int("".join(str(_CN.get(ch, 0)) for ch in match["y"]))
        m, d = _number(match["m"]), _number(match["d"])
        if _valid(y, m, d):
            mentions.append(DateMention(y, m, d, match.start(), match.end()))
            taken.append(match.span())
    for match in FULL_DATE.finditer(text):
        y, m, d = int(match["y"]), int(match["m"]), int(match["d"])
        if _valid(y, m, d):
            mentions.append(DateMention(y, m, d, match.start(), match.end()))
            taken.append(match.span())
    for match in MONTH_DAY.finditer(text):
        at = match.start()
        if any(s <= at < e for s, e in taken):
            continue
        m, d = int(match["m"]), int(match["d"])
        if _valid(None, m, d):
            mentions.append(DateMention(None, m, d, match.start(), match.end()))
            taken.append(match.span())
    mentions.sort(key=lambda x: x.start)
    starts = [x.start for x in mentions]
    days: list[DateMention] = []  # a day alone takes the month of the date last written
    for match in DAY_ONLY.finditer(text):
        at = match.start()
        if any(s <= at < e for s, e in taken):
            continue
        if days:
            last: DateMention | None = days[-1]
        else:
            index = bisect_left(starts, match.start()) - 1
            last = mentions[index] if index >= 0 else None
        if last is not None and _valid(last.year, last.month, int(match["d"])):
            days.append(
                DateMention(last.year, last.month, int(match["d"]), match.start(), match.end())
            )
    return sorted(mentions + days, key=lambda x: x.start) if days else mentions


def publication_date(lines: list[str]) -> date | None:
    """The date printed in a header or footer line (publication line, newspaper masthead)."""
    candidates = [(i, line) for i, line in enumerate(lines) if line.strip()]
    edges = candidates[:5] + candidates[-3:]
    for _, line in edges:
        for match in FULL_DATE.finditer(line):
            if PUBLICATION_CUE.search(line) or (len(line) < 40 and not EVENT_CUES.search(line)):
                y, m, d = int(match["y"]), int(match["m"]), int(match["d"])
                if _valid(y, m, d):
                    return date(y, m, d)
    return None


def _number(text: str) -> int:
    if text.isdigit():
        return int(text)
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + _CN.get(text[1:], 0)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return _CN.get(tens, 1) * 10 + _CN.get(ones, 0)
    return _CN.get(text, 0)


def context_year(text: str, published: date | None, mentioned_years: Iterable[int]) -> int | None:
    """The year a report speaks in, when its dates print no year."""
    if published is not None:
        return published.year
    # each pattern below is tried only where what all its matches hold is written
    if any(word in text for word in PLAN_YEAR_WORDS):
        for pattern, year in PLAN_YEARS:
            if pattern.search(text):
                return year
    for match in ANNIVERSARY.finditer(text) if "年来" in text else ():
        start = ERA_START.get(match["kind"])
        if start:
            return start + _number(match["n"])
    titled = TITLED_YEAR.search(text) if "年度" in text or "《" in text else None
    if titled:
        return int(titled["y"] or titled["t"])
    years = sorted(set(mentioned_years))
    if not years:
        return None
    lasting = next(
        (
            m
            for m in (YEARS_SINCE.finditer(text) if "年来" in text else ())
            if _number(m["n"]) <= MAX_YEARS_SINCE
            and not NATIONAL_CUES.search(_sentence(text, m.start(), m.end()))
        ),
        None,
    )  # not "习近平总结了20年来东西部扶贫协作…": the work's own years, as the report counts them
    if lasting and years[0] + _number(lasting["n"]) >= years[-1]:
        return years[0] + _number(lasting["n"])  # 2016年7月,两省…; 三年来累计…: 2019
    this_year = re.search(r"今年\(?(?P<y>(?:19|20)\d{2})", text) or (
        re.search(r"(?P<y>(?:19|20)\d{2})年是", text) if "年是" in text else None
    )
    if this_year:
        return int(this_year["y"])
    if "今年" in text and not re.search(rf"{years[-1]}年(?:以来|是|将|要|计划|目标)", text):
        return years[-1] + 1
    return years[-1]


def _context_years(text: str) -> list[int]:
    """Years the report speaks of as its present: not starting points, not plans."""
    return [y for m in YEAR.finditer(text) if (y := _present_year(text, m)) is not None]


def _present_year(text: str, match: re.Match[str], offset: int = 0) -> int | None:
    """The year the report speaks of as its present at a printed year (``match`` of
    ``YEAR`` in ``text[offset:]``): the end of a span, the year itself, or None."""
    start, end = offset + match.start(), offset + match.end()
    span = SPAN.match(text, start)
    if span:
        return None if FUTURE_BEFORE.search(text[max(0, start - 4) : start]) else int(span["end"])
    if not _present(text, start, end):
        return None
    last = re.search(r"(?:19|20)\d{2}(?=年$)", match.group())
    return int(last.group()) if last else int(match["y"])  # 2016—2018年: 2018


def _present(text: str, start: int, end: int) -> bool:
    """Whether the year printed at ``start:end`` is one the report speaks of as its present:
    not a starting point (自2016年, 2016年以来), not a plan (到2025年)."""
    before = text[max(0, start - 4) : start]
    after = text[end - 1 : end + 4]
    return not (
        START_YEAR_BEFORE.search(before)
        or START_YEAR_AFTER.match(after)
        or FUTURE_BEFORE.search(before)
    )


def _sentence_year(text: str, mention: DateMention) -> int | None:
    """A year printed in the date's own sentence ("12月3日，2019年…展销周开幕")."""
    sentence_start = last_of(text, "。\n!?", mention.start) + 1
    close = text.find("。", mention.end)
    sentence = text[sentence_start : close if close != -1 else len(text)]
    offset = sentence_start
    for match in YEAR.finditer(sentence):
        if REPORTED.search(text, mention.end, offset + match.start()):
            break  # "2月20日,记者了解到,2022年…": the year of what is reported
        year = _present_year(text, match, offset)
        if year is not None:
            return year
    return None


def _year_for(
    mention: DateMention, published: date | None, fallback: int | None, text: str = ""
) -> int | None:
    if mention.year is not None:
        return mention.year
    if published is not None:
        guess = date(published.year, mention.month, min(mention.day, 28))
        return published.year - 1 if guess > published + timedelta(days=7) else published.year
    in_sentence = _sentence_year(text, mention) if text else None
    year = in_sentence or fallback
    if year is not None and mention.month <= 2 and (
        _looks_back_on(text, year) or (in_sentence is None and _told_as_past(text, year))
    ):
        return year + 1  # "1月10日,记者获悉:2024年,…": the summary of a year is released after it
    return year


def _told_as_past(text: str, year: int) -> bool:
    """True when ``year`` is the latest the text names, every sentence naming it tells what
    was done (no plan, no "今年"), and the text has no "今年": a January or February report
    that tells of it ("2020年铜山区组织举办…") was written the year after."""
    if "今年" in text or any(int(m["y"]) > year for m in YEAR.finditer(text)):
        return False
    return f"{year}年" in text and not _planned(text, year)


def _looks_back_on(text: str, year: int) -> bool:
    """True when ``year`` is the latest the text names and it speaks of it as complete."""
    later = [int(m["y"]) for m in YEAR.finditer(text) if int(m["y"]) > year]
    return (
        not later
        and "今年" not in text
        and bool(LOOKING_BACK.search(text))
        and not _planned(text, year)
    )


def _planned(text: str, year: int) -> bool:
    """True when a sentence naming ``year`` plans ("2020年,两地将举办…")."""
    return any(
        FUTURE.search(_sentence(text, m.start(), m.end()))
        for m in re.finditer(f"{year}年", text)
    )


def _sentence(text: str, start: int, end: int) -> str:
    lo = last_of(text, "。\n!?", start) + 1
    hi = first_of(text, "。\n!?", end)
    hi = len(text) if hi == -1 else hi
    return text[lo:hi]


def _score(
    text: str, mention: DateMention, index: int, published: date | None, names: list[list[str]]
) -> float:
    sentence = _sentence(text, mention.start, mention.end)
    score = -0.3 * index
    if EVENT_CUES.search(sentence):
        score += 3
    if STRONG_CUES.search(sentence):
        score += 2
    named = sum(1 for aliases in names if any(n in sentence for n in aliases))
    score += min(3, named)
    if NATIONAL_CUES.search(sentence) and not named:
        score -= 3
    if mention.year is not None and published is not None and mention.year < published.year - 1:
        score -= 3
    if PASSING.search(text, max(0, mention.start - 2), mention.start):
        score -= 3  # 继4月8日…签署…后, 早在3月: a date mentioned in passing
    return score


def event_date(
    text: str,
    lines: list[str],
    parties: Iterable[Iterable[str]] = (),
    published: date | None = None,
) -> date | None:
    """The date of the reported event, or None when the report gives none. ``published``
    is the publication date the report's file gives (a web page's meta tags), when its
    text prints no publication line."""
    published = publication_date(lines) or published
    found = find_mentions(text)
    if published is not None and "日" in text[: found[0].start if found else len(text)]:
        found = _days_before_any_month(text, found, published) + found
    datelines = [m for m in found if DATELINE.match(text, m.end)]
    mentions = [m for m in found if not DATELINE.match(text, m.end)]
    if published is not None:  # the publication line's own date is no event's date
        mentions = [
            m
            for m in mentions
            if (m.year, m.month, m.day) != (published.year, published.month, published.day)
            or EVENT_CUES.search(_sentence(text, m.start, m.end))
        ]
    dated = [m for m in mentions if not FILED.match(text, m.end)]
    if dated:  # the filing day is the event's only when the text dates nothing else (今天上午…)
        mentions = dated
    years = _context_years(text) + [m.year for m in mentions if m.year]
    fallback = context_year(text, published, years)
    names = [[n for n in aliases if n] for aliases in parties]
    candidates: list[tuple[float, date]] = []
    for index, mention in enumerate(mentions):
        year = _year_for(mention, published, fallback, text)
        if year is None or not _valid(year, mention.month, mention.day):
            continue
        day = date(year, mention.month, mention.day)
        candidates.append((_score(text, mention, index, published, names), day))
    dateline = _dateline_day(datelines, published, fallback, text)
    if dateline is not None:  # the event lies in the week before the agency's dateline
        window = timedelta(days=DATELINE_WINDOW)
        candidates = [c for c in candidates if dateline - window <= c[1] <= dateline]
        if not candidates:
            return dateline
    if candidates:
        return max(candidates, key=lambda c: c[0])[1]  # the first of equals
    for word, delta in RELATIVE.items():
        if word in text[:400] and published is not None:
            return published + timedelta(days=delta)
    return published  # "日前", "近日" or no day printed: the day it was published


def _days_before_any_month(
    text: str, found: list[DateMention], published: date
) -> list[DateMention]:
    """Days printed before any month ("记者2日获悉" in a page whose publication line is its
    footer): of the publication's month, or of the month before when later than its day."""
    first = found[0].start if found else len(text)
    days = []
    for match in DAY_ONLY.finditer(text, 0, first):
        day = int(match["d"])
        on = published if day <= published.day else published.replace(day=1) - timedelta(days=1)
        if _valid(on.year, on.month, day):
            days.append(DateMention(on.year, on.month, day, match.start(), match.end()))
    return days


def _dateline_day(
    datelines: list[DateMention], published: date | None, fallback: int | None, text: str
) -> date | None:
    for mention in datelines:
        year = _year_for(mention, published, fallback, text)
        if year is not None and _valid(year, mention.month, mention.day):
            return date(year, mention.month, mention.day)
    return None
