"""Cleaning of scraped reports, line by line (line k of the output is line k of the input).

Per line, in this order: control characters out; inline pinyin debris out
("協(xié)作" → "協作"); GBK frame-shift runs decoded again (``mojibake``);
Unicode NFKC (full-width letters, digits and ASCII-range punctuation become
half-width; "。、“”《》" stay); doubled punctuation repaired (",," ",、" ",。");
site boilerplate emptied; traditional → simplified with OpenCC. The line before
the last step is kept as ``original`` (traditional where the report was).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

from xiezuo.news.lexicon import (
    char_logp,
    is_cjk,
    readings,
    syllables,
    text_logp,
    to_simplified,
    toneless,
)
from xiezuo.news.mojibake import RUN_END as _RUN_END
from xiezuo.news.mojibake import repair_mojibake

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060\ufeff]")
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_PINYIN_TOKEN = rf"[a-zA-Z{_TONED}üÜ]{{1,7}}[1-5]?"
_PINYIN_PAREN = re.compile(
    rf"(?P<lead> ?)[(（] ?(?P<body>{_PINYIN_TOKEN}(?:[ ,']{_PINYIN_TOKEN}){{0,3}}) ?[)）]"
    r"(?P<trail> ?)"
)
_TONE_CHARS = frozenset(_TONED)

# (Patterns scanned over whole texts begin with one character or class, not a repeat, a
# group or a look-behind, so that the regex engine skips ahead to where they may match.)
_SPACES = re.compile(r"[ \t][ \t]+")
_DOUBLE_COMMA = re.compile(r"[,，][,，]*(?=[、。,，;；:：!！?？])")
_REPEATED = re.compile(r"([、。;；])\1+")
#: spaces before or after a comma, full stop, semicolon or 、 (each alternative starts with the
#: space, which the engine skips ahead to: `(?<=[,。…]) +` would be tried at every character)
_SPACED_MARK = re.compile(r" (?<=[,，。、;；] ) *| +(?=[,，。、;；])")
#: what a line holds where ``_SPACED_MARK`` has something to close (looked for first: most
#: reports space none of their punctuation)
_SPACED_PAIRS = tuple(f"{a}{b}" for m in ",，。、;；" for a, b in ((" ", m), (m, " ")))
_EMPTY_BRACKETS = re.compile(r"[【\[]\s*(?:[】\]]|$)")
_VIEW_COUNT = re.compile(r"(浏览|瀏覽|阅读|閱讀|点击|點擊)(次数|次數|量)?[:：](?!\s*\d)")

# Site chrome: phrases found anywhere in a line, two found in any case, and line starts.
# (Three patterns rather than one: each alternative of the first starts with a plain
# character, so the regex engine skips ahead instead of trying every position.)
_CHROME_ANYWHERE = re.compile(
    r"当前位置|當前位置|您的位置|您现在的位置|首页\s*[>»/]|首頁\s*[>»/]|责任编辑|責任編輯|责编[:：]|"
    r"相关评论|相關評論|我来说两句|我來說兩句|网站简介|網站簡介|广告服务|廣告服務|联系我们|聯繫我們|"
    r"网站地图|網站地圖|友情链接|友情鏈接|版权所有|版權所有|©|"
    r"公网安备|公網安備|客服电话|客服電話|免费发布信息|免費發布信息|微信公众号|微信公眾號|二维码|二維碼|"
    r"分享到|打印本页|打印本頁|关闭窗口|關閉窗口|字体[:：]|字體[:：]|上一篇|下一篇|返回顶部|返回頂部|"
    r"相关阅读|相關閱讀|相关新闻|相關新聞|相关链接|相關鏈接|热点推荐|熱點推薦|扫一扫|掃一掃|【纠错】|【糾錯】|"
    r"字号[:：]|字號[:：]|主办单位|主辦單位|承办单位|承辦單位|【广告】|【廣告】|点击蓝字|點擊藍字|"
    r"关注我们|關注我們|收藏\s*·\s*点赞|收藏\s*·\s*點讚|"
    r"无障碍浏览|無障礙瀏覽|长者模式|長者模式|"
    r"加微信|加V信|日赚\d|日賺\d|手机兼职|手機兼職|代办各类|代辦各類|"
    r"热门搜索|熱門搜索|热搜词|熱搜詞|"
    r"葡京|彩金|注册即送|註冊即送|博彩|百家乐|百家樂|线上娱乐|線上娛樂|娱乐官网|娛樂官網|娱乐城|娛樂城|"
    r"月入过万|月入過萬|招募地方站长|招募地方站長|"
    r"免责声明|免責聲明|本文转载自|本文轉載自|仅代表原作者观点|僅代表原作者觀點|点击关注|點擊關注|"
    r"如有侵权|如有侵權|打印此页|打印此頁|"
    r"阅读原文|閱讀原文|在看\s*点赞|點讚\s*在看|点赞\s*在看|【编辑[:：]|【編輯[:：]"
)
_CHROME_ANY_CASE = re.compile(r"copyright|ICP备|ICP備|ICP证|ICP證", re.IGNORECASE)
_CHROME_LINE_START = re.compile(
    r"(编辑|編輯|审核|審核|校对|校對|监制|監製|审校|審校|编审|編審|作者|記者|记者|摄影|攝影)\s*[:：|｜]|"
    r"(推荐阅读|推薦閱讀|热门推荐|熱門推薦|猜你喜欢|猜你喜歡)\s*[:：]|"
    r"[\u3400-\u9fff]{2,20}(门户网站|門戶網站)$"
)
_SHORT_CHROME = frozenset(
    {
        "最新消息",
        "其他",
        "其它",
        "更多",
        "返回",
        "首页",
        "首頁",
        "相关链接",
        "相關鏈接",
        "推荐阅读",
        "推薦閱讀",
        "热门文章",
        "熱門文章",
        "分享",
        "打印",
        "关闭",
        "關閉",
        "<",
        ">",
        "阅读原文",
        "閱讀原文",
        "— END —",
        "END",
        "【",
        "】",
        "附件:",
        "附件：",
        "附件",
    }
)
_NAV_TOKEN = re.compile(r"^[\w\u3400-\u9fff]{2,6}$")
_SITE_NAME = re.compile(r"^[\u3400-\u9fff]{2,16}$")
# Page widgets at the end of a publication line: the line loses them and keeps its text.
_WIDGETS = re.compile(
    r"(?:\s*[【\[]?\s*(?:字体|字體|字号|字號)\s*[:：]?\s*[【\[]?\s*大\s*中\s*小\s*[】\]]?\s*[】\]]?"
    r"|\s*[【\[]\s*(?:打印|关闭|關閉|收藏|纠错|糾錯|打印本页|打印本頁|关闭窗口|關閉窗口)\s*[】\]])+"
    r"(?:\s+(?:打印|关闭|關閉|收藏|打印本页|打印本頁|关闭窗口|關閉窗口))*\s*$"
)  # a bare "打印" only after a widget: "【字体:大 中 小】 打印"
# Font sizes offered as a page's buttons: "【大】【中】【小】", "字号:T | T".
_PAGE_SIZES = re.compile(
    r"【大】\s*【中】\s*【小】|[\[【]?\s*(?:字号|字號|字体|字體)\s*[:：]?\s*T\s*[|｜]"
)
# A portal's navigation bar: three or more short items between "|" (no figure, no colon).
_NAV_BAR_SPLIT = re.compile(r"\s*[|｜]\s*")
_NAV_BAR_ITEM = re.compile(r"^[^\d:：,，。;；]{1,12}$")
# A line naming only the source, kept when it stands in the header among the publication lines.
# A publication line: a date, or the outlet named as the source, in a short line.
PUBLICATION_MAX = 90
_PUBLICATION = re.compile(
    r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}|(来源|來源|发布|發布)[^:：]{0,4}[:：]"
)
_CREDIT = re.compile(
    r"\s*[(（]?(?:作者|编辑|編輯|责任编辑|責任編輯|审核|審核|校对|校對|通讯员|通訊員|摄影|攝影)\s*[:：]\s*"
    r"(?:本报)?(?:记者|記者)?\s*[^\s:：()（）]{0,12}[)）]?"
    r"|\s*(?:浏览|瀏覽|点击|點擊|阅读|閱讀)(?:次数|次數|量)?\s*[:：]\s*\d+\s*次?"
    r"|\s+(?:本报)?(?:记者|記者|通讯员|通訊員)\s+[\u3400-\u9fff]{2,4}(?=\s|$)"
)
_POSTED_FROM = re.compile(
    r"(?<=\d:\d\d)\s+(?:发表于|發表於)?\s*(?:北京|天津|上海|重庆|河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|"
    r"福建|江西|山东|河南|湖北|湖南|广东|海南|四川|贵州|云南|陕西|甘肃|青海|台湾|内蒙古|广西|西藏|宁夏|"
    r"新疆|香港|澳门)\s*$|\s*(?:发表于|發表於)\s*\S{2,4}\s*$"
)


@dataclass
class CleanedReport:
    """A report after cleaning: three aligned lists of lines."""

    raw: list[str]
    original: list[str] = field(default_factory=list)
    simplified: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.simplified)

    @property
    def original_text(self) -> str:
        return "\n".join(self.original)


def _replacement_as_question(text: str) -> str:
    """U+FFFD → "?": a decoder that replaced an invalid pair printed one or the other.

    Clean text holds neither, so the mojibake repair reads both the same way."""
    return text.replace("\ufffd", "?") if "\ufffd" in text else text


def decode_bytes(data: bytes) -> str:
    """Bytes of a report → text: UTF-8 (with or without BOM), else GB 18030."""
    for codec in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


_PINYIN_SPLIT = re.compile(r"[ ,']")


def _last_cjk(line: str, end: int, count: int) -> list[str]:
    """The last ``count`` CJK characters of ``line[:end]`` (fewer when there are not as many)."""
    out: list[str] = []
    for i in range(end - 1, -1, -1):
        if is_cjk(line[i]):
            out.append(line[i])
            if len(out) == count:
                break
    out.reverse()
    return out


@lru_cache(maxsize=4096)
def _read_pinyin(body: str) -> tuple[tuple[str, ...], bool] | None:
    """The toneless syllables of ``body`` and whether it carries tones; None if not pinyin.

    (Cached: a report repeats the same few annotations, and there are only so many syllables.)
    """
    tokens = [t for t in _PINYIN_SPLIT.split(body) if t]
    known = syllables()
    sounds = tuple(toneless(t.rstrip("12345")) for t in tokens)
    if not tokens or any(s not in known for s in sounds):
        return None
    toned = any(ch in _TONE_CHARS for ch in body) or any(t[-1].isdigit() for t in tokens)
    return sounds, toned


def _pinyin_fits(body: str, line: str, at: int) -> bool:
    """True when the parenthesised ``body`` is pinyin for the characters before ``line[at]``."""
    read = _read_pinyin(body)
    if read is None:
        return False
    sounds, toned = read
    if toned:
        return True
    chars = _last_cjk(line, at, len(sounds))
    if len(chars) < len(sounds):
        return False
    table = readings()
    if len(set(sounds)) == 1 and len(sounds) > 1:  # a doubled annotation: "(xie xie)"
        chars = chars[-1:] * len(sounds)
    return all(sound in table.get(ch, ()) for ch, sound in zip(chars, sounds, strict=True))


def _repeats(body: str, line: str, at: int) -> bool:
    """True when the same annotation follows at ``at``: "(shōu) (shōu)" is one piece of debris."""
    return any(line.startswith(o + body + c, at) for o, c in (("(", ")"), ("（", "）")))


# A character lost as "?" with its pinyin note kept: "财政?(bang)扶资金".
_LOST_ANNOTATED = re.compile(
    rf"(?<=[\u3400-\u9fff])\?[(（] ?(?P<sound>{_PINYIN_TOKEN}) ?[)）](?=[\u3400-\u9fff])"
)
LOST_SHORTLIST = 40  # the commonest characters of a reading that are tried


@cache
def _chars_reading(sound: str) -> tuple[str, ...]:
    """The characters that read ``sound`` (toneless), the commonest first."""
    chars = char_logp()
    found = [ch for ch, sounds in readings().items() if sound in sounds and ch in chars]
    return tuple(sorted(found, key=chars.__getitem__, reverse=True)[:LOST_SHORTLIST])


def restore_annotated(line: str) -> str:
    """A character the decoder printed as "?" but whose pinyin note survived comes back:
    of the characters that read so, the one its neighbours make likeliest."""

    def restore(match: re.Match[str]) -> str:
        read = _read_pinyin(match["sound"])
        if read is None or len(read[0]) != 1:
            return match.group()
        candidates = _chars_reading(read[0][0])
        if not candidates:
            return match.group()
        left = line[max(0, match.start() - 2) : match.start()]
        right = line[match.end() : match.end() + 2]
        return max(candidates, key=lambda ch: text_logp(to_simplified(left + ch + right)))

    return _LOST_ANNOTATED.sub(restore, line)


_OPENING_BRACKET = re.compile("[(（]")


def _pinyin_notes(line: str) -> Iterator[re.Match[str]]:
    """``_PINYIN_PAREN.finditer(line)``, tried only at the brackets (a note starts at its
    bracket or at the one space before it) rather than at every position of the line."""
    pos = 0
    while True:
        bracket = _OPENING_BRACKET.search(line, pos)
        if bracket is None:
            return
        at = bracket.start()
        note = _PINYIN_PAREN.match(line, at - 1 if at > pos and line[at - 1] == " " else at)
        if note is None:
            pos = at + 1
            continue
        yield note
        pos = note.end()


def remove_pinyin(line: str) -> str:
    """Remove inline pinyin after characters, leaving real parentheses alone."""
    if "(" not in line and "（" not in line:
        return line
    if "?(" in line or "?（" in line:
        line = restore_annotated(line)
    out: list[str] = []
    pos = 0
    for match in _pinyin_notes(line):
        at = match.start()
        lead, body, trail = match.group("lead", "body", "trail")
        if at == 0 or not _pinyin_fits(body, line, at):
            continue
        out.append(line[pos:at])
        pos = match.end()
        if not (lead or trail):  # the common note, "協(xié)作": nothing around it to keep
            continue
        after = line[pos : pos + 1]
        between_cjk = is_cjk(line[at - 1]) and bool(after) and is_cjk(after)
        doubled = trail and not lead and _repeats(body, line, pos)
        # "援 (yuán)青": a space written only before the note after a character is the note's
        lead_only = lead and not trail and is_cjk(line[at - 1])
        if (lead and trail and not between_cjk) or (
            bool(lead) != bool(trail) and not doubled and not lead_only
        ):
            out.append(" ")
    out.append(line[pos:])
    result = "".join(out)
    if "?" in result:
        result = _remove_damaged_pinyin(result)
    if result == line:
        return result
    # again only where debris is left (a doubled note, a damaged one): the same answer, once
    if next(_pinyin_notes(result), None) or ("?" in result and _DAMAGED_PINYIN.search(result)):
        return remove_pinyin(result)
    return result


# A note whose toned vowel the decoder lost: "援 (yu?n)", "驰援(yu?n)" (U+FFFD read as "?").
_DAMAGED_PINYIN = re.compile(r" ?[(（](?P<head>[a-z]{0,5})\?(?P<tail>[a-z]{0,5})[)）]")
_VOWELS = "aeiouv"


def _remove_damaged_pinyin(line: str) -> str:
    """Remove a note with one "?" for its vowel when a vowel makes it a reading of the
    character before it (so "(?)" or "为什么(why?)" stay)."""
    table = readings()

    def fits(match: re.Match[str]) -> str:
        head, tail = match["head"], match["tail"]
        at = match.start()
        if not head + tail or at == 0 or not is_cjk(line[at - 1]):
            return match.group()
        sounds = table.get(line[at - 1], frozenset())
        if any(head + v + tail in sounds for v in _VOWELS):
            return ""
        return match.group()

    return _DAMAGED_PINYIN.sub(fits, line)


def repair_punctuation(line: str) -> str:
    """ ",," → ","; ",、" → "、"; ",。" → "。"; "。。" → "。"; " , " → "," (pages that space
    their punctuation: a comma between spaces is no break in a word, a name or a figure)."""
    if any(pair in line for pair in _SPACED_PAIRS):
        line = _SPACED_MARK.sub("", line)
    line = _DOUBLE_COMMA.sub("", line)
    return _REPEATED.sub(r"\1", line)


def is_boilerplate(line: str) -> bool:
    """Navigation, breadcrumbs, editor and share lines, site footers."""
    stripped = line.strip()
    if not stripped:
        return False
    if stripped in _SHORT_CHROME or _CHROME_LINE_START.match(stripped):
        return True
    if _CHROME_ANYWHERE.search(stripped):
        return True
    # every case-blind match holds a "c": without one the slower search is skipped
    if ("c" in stripped or "C" in stripped) and _CHROME_ANY_CASE.search(stripped):
        return True
    if stripped.count(">") >= 2 or stripped.count("»") >= 2:
        return True
    if stripped.count("|") + stripped.count("｜") >= 2:
        items = _NAV_BAR_SPLIT.split(stripped)
        if len(items) >= 3 and all(_NAV_BAR_ITEM.match(item) for item in items):
            return True
    tokens = stripped.split()
    # a menu of short items, perhaps after the site's name ("某县人民政府 首页 新闻中心 …")
    return (len(tokens) >= 4 and all(_NAV_TOKEN.match(t) for t in tokens)) or (
        len(tokens) >= 5 and bool(_SITE_NAME.match(tokens[0]))
        and all(_NAV_TOKEN.match(t) for t in tokens[1:]))


_WIDGET_ENDS = ("小", "】", "]", "打印", "关闭", "關閉", "收藏", "本页", "本頁", "窗口")


def drop_widgets(line: str) -> str:
    """A line without the page widgets at its end (``字号:[大 中 小]``, ``[打印] [关闭]``).

    A publication line whose tail is any other chrome the reader knows (``字号:T | T``,
    ``【大】【中】【小】 分享到:``) loses that tail, not its outlet and date."""
    if line.rstrip().endswith(_WIDGET_ENDS):
        line = _WIDGETS.sub("", line)
    if len(line) <= PUBLICATION_MAX and "。" not in line:
        publication = _PUBLICATION.search(line)
        if publication is not None:
            found = [m.start() for m in (_CHROME_ANYWHERE.search(line, publication.end()),
                                         _PAGE_SIZES.search(line, publication.end())) if m]
            if found:
                line = line[: min(found)].rstrip(" |｜[【")
    return line


def _tidy_metadata(line: str) -> str:
    """Drop view counters, credits and empty brackets from publication lines.

    A publication line keeps the outlet, the date and time and the source, as annotators
    keep it (most annotators do); the author, editor and reviewer, the counters
    (``浏览次数:1268``) and a WeChat header's place (``发表于湖北``) go. The paper's page
    (``第01版``) stays: annotators split on it.
    """
    brackets = "【" in line or "[" in line  # what an empty bracket needs
    if brackets:
        line = _EMPTY_BRACKETS.sub("", line)
    line = _VIEW_COUNT.sub("", line)
    if len(line) <= PUBLICATION_MAX and "。" not in line and _PUBLICATION.search(line):
        line = _CREDIT.sub("", line)
        line = _POSTED_FROM.sub("", line)
    if brackets:
        line = _EMPTY_BRACKETS.sub("", line)
    return line.strip()


def normalise(line: str) -> str:
    """NFKC, with ideographic space as a plain space and runs of spaces collapsed."""
    line = unicodedata.normalize("NFKC", line)
    return _SPACES.sub(" ", line).strip()


_PUBLICATION_DATE = re.compile(
    r"(?:(?:发布|發布|更新)?(?:时间|時間|日期)\s*[:：]\s*)?[\[【]?\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]"
    r"\s*\d{1,2}"
)


def publication_part(line: str) -> str:
    """What a line of chrome says of the publication, from its date on: "当前位置:首页 > 正文
    2021-01-18", "编辑:某某 2021-01-18", "【字体:大 中 小】 2021-01-18 来源:某县" keep their
    date (and the source after it), which dates a report that dates nothing itself; "" for
    a line with no date."""
    if len(line) > PUBLICATION_MAX or "。" in line:
        return ""
    found = _PUBLICATION_DATE.search(line)
    if found is None:
        return ""
    part = drop_widgets(line[found.start() :])
    tail = [m.start() for m in (_CHROME_ANYWHERE.search(part), _PAGE_SIZES.search(part)) if m]
    if tail:
        part = part[: min(tail)].rstrip(" |｜[【")
    return _tidy_metadata(part)


def _clean_or_publication(line: str) -> str:
    """The line tidied, or emptied as chrome, save the publication date it may hold."""
    if is_boilerplate(line):
        return publication_part(line)
    return _tidy_metadata(line)


def clean_line(line: str) -> str:
    """One raw line → the cleaned line, still in its own script (traditional stays)."""
    line = _replacement_as_question(_CONTROL.sub("", line))
    line = remove_pinyin(line)
    line = repair_mojibake(line)
    line = normalise(line)
    line = remove_pinyin(line)
    line = drop_widgets(repair_punctuation(line))
    return _clean_or_publication(line)


MAX_DAMAGED_LINES = 60  # a report with more suspect lines is not GBK damage but another script


def _repair_lines(lines: list[str], document: str) -> list[str]:
    """Mojibake repair, line by line, for the first ``MAX_DAMAGED_LINES`` suspect lines."""
    out, suspects = [], 0
    for line in lines:
        if suspects < MAX_DAMAGED_LINES and ("?" in line or _RUN_END.search(line)):
            suspects += 1
            line = repair_mojibake(line, document)
        out.append(line)
    return out


def _unpinyin_again(line: str) -> str:
    done = remove_pinyin(line)
    return line if done == line else repair_punctuation(done)


def clean_text(text: str) -> CleanedReport:
    """Clean a whole report; the three line lists stay aligned with the input.

    The same steps as ``clean_line``, run on the whole text where a step cannot
    cross a line break (none of them can) and skipped where the text shows no
    sign of what the step repairs.
    """
    raw = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    body = _replacement_as_question(_CONTROL.sub("", "\n".join(raw)))
    lines = body.split("\n")
    if "(" in body or "（" in body:
        lines = [remove_pinyin(line) for line in lines]
    unpinyined = lines  # each line as remove_pinyin left it: it would leave it so again
    if "?" in body or _RUN_END.search(body):
        lines = _repair_lines(lines, "\n".join(lines))
    body = "\n".join(lines)
    if not unicodedata.is_normalized("NFKC", body):
        # line by line (no line break takes part in a normalisation): only the lines that
        # need it pay for the slow path, which a single no-break space starts for the text
        body = "\n".join([unicodedata.normalize("NFKC", line) for line in lines])
    body = repair_punctuation(_SPACES.sub(" ", body))
    lines = [line.strip() for line in body.split("\n")]
    if "(" in body:  # repair_punctuation is idempotent: only lines that changed need it again
        # (and remove_pinyin only lines that the steps since its first pass changed)
        lines = [
            line if line == before else _unpinyin_again(line)
            for line, before in zip(lines, unpinyined, strict=True)
        ]
    lines = [drop_widgets(line) for line in lines]
    original = [_clean_or_publication(line) for line in lines]
    if _LINKS_HEADER_WORD.search(body):
        _drop_link_lists(lines, original)
    _drop_repeated_paragraphs(original)
    simplified = to_simplified("\n".join(original)).split("\n")
    if len(simplified) != len(original):  # a conversion never joins lines; be safe anyway
        simplified = [to_simplified(line) for line in original]
    return CleanedReport(raw=raw, original=original, simplified=simplified)


#: the header of a list of links to other pages (related reading, a sidebar's headlines)
_LINKS_HEADER = re.compile(
    r"^[【\[]?(?:相关阅读|相關閱讀|相关新闻|相關新聞|相关链接|相關鏈接|推荐阅读|推薦閱讀|相关文章|相關文章|"
    r"相关报道|相關報道|延伸阅读|延伸閱讀|热点新闻|熱點新聞|热点推荐|熱點推薦|热门新闻|熱門新聞|热门文章|熱門文章|"
    r"热门推荐|熱門推薦|图片新闻|圖片新聞|最新新闻|最新新聞|最新文章|最新消息|精彩推荐|精彩推薦|推荐新闻|推薦新聞|"
    r"猜你喜欢|猜你喜歡|往期回顾|往期回顧|新闻排行|新聞排行|点击排行|點擊排行|更多新闻|更多新聞)"
    r"[】\]]?[:：]?$"
)
#: a word that every header holds (without one, no list is looked for)
_LINKS_HEADER_WORD = re.compile(
    "相关|相關|推荐|推薦|延伸|热点|熱點|热门|熱門|图片新|圖片新|最新|精彩|猜你|往期|排行|更多新"
)
_LINK_ITEM = re.compile(r"^[·•●▪■◆>»\-]\s*\S")
#: a headline listed without a mark: a short line that ends no sentence
HEADLINE_MAX = 50


def _drop_link_lists(lines: list[str], original: list[str]) -> None:
    """Empty the items listed under a header of links to other pages (``相关新闻``, a sidebar's
    ``热点新闻``): lines marked as items (``· 某市召开…``), or headlines (short lines that end
    no sentence), up to the first line that is neither. Another report's headline names other
    places, people and figures: none of them are this report's."""
    listing = False
    for k, line in enumerate(lines):
        if _LINKS_HEADER.match(line):
            listing = True
        elif listing and (
            _LINK_ITEM.match(line) or (len(line) <= HEADLINE_MAX and not line.endswith("。"))
        ):
            original[k] = ""
        elif line:
            listing = False


REPEATED_PARAGRAPH = 20  # characters: a line at least as long, printed again, is a copy


def _drop_repeated_paragraphs(original: list[str]) -> None:
    """Empty a paragraph that the page prints a second time (a scraper's copy): what it says
    was said once."""
    seen: set[str] = set()
    for k, line in enumerate(original):
        if len(line) >= REPEATED_PARAGRAPH:
            if line in seen:
                original[k] = ""
            else:
                seen.add(line)


def clean_file(path: str | Path) -> CleanedReport:
    return clean_text(decode_bytes(Path(path).read_bytes()))
