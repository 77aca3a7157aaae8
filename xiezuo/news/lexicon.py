"""Shared language resources: frequency tables, pinyin readings, OpenCC conversion.

Every table is loaded lazily, once per process. The frequency tables come from
jieba's dictionary and the readings from pypinyin (see ``data/derive.py``).
"""

from __future__ import annotations

import math
import re
import unicodedata
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import opencc

DATA_DIR = Path(__file__).resolve().parent / "data"
MAX_WORD_LEN = 4  # prefix_logps is written out for this length
WORD_BONUS = 3.0
UNKNOWN_CHAR_LOGP = -19.0
OTHER_CHAR_LOGP = -9.0
# Rough log-frequencies of punctuation in running Chinese text.
PUNCT_LOGP = {
    "，": -3.0,
    ",": -3.5,
    "。": -3.5,
    "、": -4.5,
    "；": -6.0,
    ";": -6.0,
    "：": -6.0,
    ":": -6.0,
    "“": -6.0,
    "”": -6.0,
    "《": -6.5,
    "》": -6.5,
    "（": -7.0,
    "）": -7.0,
    "(": -7.0,
    ")": -7.0,
    "！": -7.5,
    "？": -7.5,
}

_TONE_FREE = str.maketrans(
    "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ",
    "aaaaeeeeiiiioooouuuuvvvvvnnnm",
)


@cache
def _t2s() -> opencc.OpenCC:
    import opencc  # the compiled converter (a tenth of a second to import): on first use only

    return opencc.OpenCC("tw2s")


#: variant forms that OpenCC leaves as they are (the 陜 of 蘇陜 is not the 陝 it maps)
VARIANTS = str.maketrans({"陜": "陕", "淸": "清", "靑": "青", "郞": "郎", "槪": "概"})
_VARIANT = re.compile("[陜淸靑郞槪]")


@cache
def _convertible() -> re.Pattern[str]:
    """A character OpenCC changes (about 4,200 of the 28,000 of the CJK blocks), or one
    beyond them: text without any is simplified already and skips the conversion, which
    costs about as much as the rest of cleaning a simplified report."""
    chars = [chr(c) for c in (*range(0x3400, 0xA000), *range(0xF900, 0xFB00))]
    converted = str(_t2s().convert("\n".join(chars))).split("\n")
    changed = "".join(c for c, o in zip(chars, converted, strict=True) if c != o)
    return re.compile("[" + re.escape(changed) + "\U00010000-\U0010ffff]")


def to_simplified(text: str) -> str:
    """Traditional → simplified with OpenCC (phrase-aware), variant forms included."""
    if not text:
        return text
    if _convertible().search(text):
        text = str(_t2s().convert(text))
    return text.translate(VARIANTS) if _VARIANT.search(text) else text


def _read_tsv(name: str) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    for line in (DATA_DIR / name).read_text(encoding="utf-8").splitlines():
        key, _, value = line.partition("\t")
        if key:
            rows.append((key, value))
    return rows


@cache
def char_logp() -> dict[str, float]:
    rows = [(ch, int(freq)) for ch, freq in _read_tsv("chars.tsv")]
    total = sum(freq for _, freq in rows)
    return {ch: math.log(freq / total) for ch, freq in rows}


@cache
def word_logp() -> dict[str, float]:
    """Word → log-probability; a known word always beats its characters taken apart.

    (Built once per process from 125,000 words: written for speed, since every command
    of the reader waits for it.)"""
    words: list[str] = []
    freqs: list[int] = []
    for line in (DATA_DIR / "words.tsv").read_text(encoding="utf-8").splitlines():
        word, _, count = line.partition("\t")
        if word:
            words.append(word)
            freqs.append(int(count))
    total = sum(freqs) * 4
    get = char_logp().get
    unknown = UNKNOWN_CHAR_LOGP
    log = math.log
    table: dict[str, float] = {}
    for word, freq in zip(words, freqs, strict=True):
        if len(word) == 2:
            apart = get(word[0], unknown) + get(word[1], unknown)
        else:
            apart = sum([get(ch, unknown) for ch in word])
        own = log(freq / total)
        bonus = apart + WORD_BONUS
        table[word] = own if own > bonus else bonus
    return table


@cache
def readings() -> dict[str, frozenset[str]]:
    """Character → its pinyin readings without tone marks (ü written v)."""
    table: dict[str, frozenset[str]] = {}
    for ch, value in _read_tsv("pinyin.tsv"):
        table[ch] = frozenset(toneless(r) for r in value.split(","))
    return table


@cache
def syllables() -> frozenset[str]:
    """Every toneless pinyin syllable that some character reads."""
    out: set[str] = set()
    for values in readings().values():
        out.update(values)
    return frozenset(out)


def toneless(syllable: str) -> str:
    return unicodedata.normalize("NFC", syllable).lower().translate(_TONE_FREE)


def is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def unit_logp(ch: str) -> float:
    """Log-probability of one character standing alone (punctuation included)."""
    return _unit_logp(ch, char_logp())


@cache
def _unit_table() -> dict[str, float]:
    """``unit_logp`` of every character it knows (the Chinese ones of the character table and
    the punctuation), in one table."""
    table = {ch: logp for ch, logp in char_logp().items() if is_cjk(ch)}
    table.update(PUNCT_LOGP)
    return table


def _unit_logp(ch: str, chars: dict[str, float]) -> float:
    if is_cjk(ch):
        return chars.get(ch, UNKNOWN_CHAR_LOGP)
    return PUNCT_LOGP.get(ch, OTHER_CHAR_LOGP)


@cache
def word_ends() -> frozenset[str]:
    """The last two characters of every word: where no word can end, none is looked up."""
    return frozenset(w[-2:] for w in word_logp())


@cache
def word_starts() -> frozenset[str]:
    """The first two characters of every word."""
    return frozenset(w[:2] for w in word_logp())


def text_logp(text: str, known: list[float] | None = None) -> float:
    """Log-probability of ``text`` (simplified) under a unigram word model.

    The best segmentation into dictionary words (2-4 characters) and single
    characters is found by dynamic programming, as jieba does: ``prefix_logps(text,
    known)[-1]``, the same sums in the same order, with only the last four values of the
    program kept (it runs for every mojibake candidate, most of them a few characters long).
    """
    if known is None:
        if len(text) < 2:
            return prefix_logps(text)[-1]
        known = [0.0, 0.0 + _unit_of(text[0])]  # no word ends at the first character
    elif len(known) < 2:
        return prefix_logps(text, known)[-1]
    words = word_logp()
    units = _unit_table()
    ends = word_ends()
    first = len(known)
    # best[end - 1], best[end - 2], best[end - 3], best[end - 4] of ``prefix_logps``
    b1, b2 = known[-1], known[-2]
    b3 = known[-3] if first >= 3 else 0.0
    b4 = known[-4] if first >= 4 else 0.0
    for end in range(first, len(text) + 1):
        ch = text[end - 1]
        unit = units.get(ch)
        if unit is None:
            unit = UNKNOWN_CHAR_LOGP if is_cjk(ch) else OTHER_CHAR_LOGP
        score = b1 + unit
        pair = text[end - 2 : end]
        if pair in ends:
            lp = words.get(pair)
            if lp is not None and b2 + lp > score:
                score = b2 + lp
            if end >= 3:
                lp = words.get(text[end - 3 : end])
                if lp is not None and b3 + lp > score:
                    score = b3 + lp
                if end >= 4:
                    lp = words.get(text[end - 4 : end])
                    if lp is not None and b4 + lp > score:
                        score = b4 + lp
        b4, b3, b2, b1 = b3, b2, b1, score
    return b1


def _unit_of(ch: str) -> float:
    """The score of ``ch`` alone as ``prefix_logps`` takes it."""
    unit = _unit_table().get(ch)
    if unit is None:
        unit = UNKNOWN_CHAR_LOGP if is_cjk(ch) else OTHER_CHAR_LOGP
    return unit


def prefix_logps(text: str, known: list[float] | None = None) -> list[float]:
    """``out[i]`` = ``text_logp(text[:i])`` for every ``i``: the program itself, whose last
    value is the text's. ``known`` is the program already run over a prefix of ``text``
    (``prefix_logps(text[:k])``): it goes on from there, with the same result. (The loop is
    written out for speed: it runs for every mojibake candidate.)"""
    words = word_logp()
    units = _unit_table()
    ends = word_ends()
    n = len(text)
    best = [0.0] * (n + 1)
    first = 1
    if known:
        best[: len(known)] = known
        first = len(known)
    for end in range(first, n + 1):
        ch = text[end - 1]
        unit = units.get(ch)
        if unit is None:
            unit = UNKNOWN_CHAR_LOGP if is_cjk(ch) else OTHER_CHAR_LOGP
        score = best[end - 1] + unit
        pair = text[end - 2 : end]
        if pair not in ends:
            best[end] = score
            continue
        # the words of 2, 3 and 4 characters ending here (MAX_WORD_LEN), in that order
        lp = words.get(pair)
        if lp is not None and best[end - 2] + lp > score:
            score = best[end - 2] + lp
        if end >= 3:
            lp = words.get(text[end - 3 : end])
            if lp is not None and best[end - 3] + lp > score:
                score = best[end - 3] + lp
            if end >= 4:
                lp = words.get(text[end - 4 : end])
                if lp is not None and best[end - 4] + lp > score:
                    score = best[end - 4] + lp
        best[end] = score
    return best


def suffix_logps(text: str) -> list[float]:
    """``out[i]`` = ``text_logp(text[i:])`` for every ``i``, the same program run from the end."""
    words = word_logp()
    chars = char_logp()
    n = len(text)
    best = [0.0] * (n + 1)
    starts = word_starts()
    for start in range(n - 1, -1, -1):
        score = best[start + 1] + _unit_logp(text[start], chars)
        if text[start : start + 2] not in starts:
            best[start] = score
            continue
        for size in range(2, min(MAX_WORD_LEN, n - start) + 1):
            lp = words.get(text[start : start + size])
            if lp is not None and best[start + size] + lp > score:
                score = best[start + size] + lp
        best[start] = score
    return best


PAIR_WEIGHT = 0.7  # share of a character pair's probability taken from the words holding it


@cache
def char_pairs() -> tuple[dict[str, dict[str, float]], dict[str, dict[str, float]]]:
    """Adjacent character pairs inside dictionary words, by their first character
    (→ second → log P(second | first)) and by their second (→ first → log P(first | second)).

    Each pair counts the frequencies of the words (of any length) that hold it, divided by
    the frequency of the given character; a pair across two words is not seen here, which
    ``pair_logp`` makes up for by mixing in the character's own frequency.
    """
    counts: dict[str, int] = {}
    for word, freq in _read_tsv("words.tsv"):
        for i in range(len(word) - 1):
            pair = word[i : i + 2]
            counts[pair] = counts.get(pair, 0) + int(freq)
    totals = {ch: math.exp(lp) for ch, lp in char_logp().items()}
    scale = sum(int(freq) for _, freq in _read_tsv("chars.tsv"))
    after: dict[str, dict[str, float]] = {}
    before: dict[str, dict[str, float]] = {}
    for pair, count in counts.items():
        a, b = pair[0], pair[1]
        if a in totals:
            after.setdefault(a, {})[b] = math.log(count / (totals[a] * scale))
        if b in totals:
            before.setdefault(b, {})[a] = math.log(count / (totals[b] * scale))
    return after, before


def pair_logp(first: str, second: str) -> float:
    """Log P(``second`` | ``first``): the pair as words hold it, mixed with ``second`` alone."""
    alone = unit_logp(second)
    if not (is_cjk(first) and is_cjk(second)):
        return alone
    seen = char_pairs()[0].get(first, {}).get(second)
    if seen is None:
        return math.log(1 - PAIR_WEIGHT) + alone
    return math.log(PAIR_WEIGHT * math.exp(min(seen, 0.0)) + (1 - PAIR_WEIGHT) * math.exp(alone))
