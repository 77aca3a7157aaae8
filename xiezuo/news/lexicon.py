"""Shared language resources: frequency tables, pinyin readings, OpenCC conversion.

Every table is loaded lazily, once per process. The frequency tables come from
jieba's dictionary and the readings from pypinyin (see ``data/derive.py``).
"""

from __future__ import annotations

import math
import unicodedata
from functools import cache
from pathlib import Path

import opencc

DATA_DIR = Path(__file__).resolve().parent / "data"
MAX_WORD_LEN = 4
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
    return opencc.OpenCC("tw2s")


def to_simplified(text: str) -> str:
    """Traditional → simplified with OpenCC (phrase-aware)."""
    if not text:
        return text
    return str(_t2s().convert(text))


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
    """Word → log-probability; a known word always beats its characters taken apart."""
    rows = [(w, int(freq)) for w, freq in _read_tsv("words.tsv")]
    total = sum(freq for _, freq in rows) * 4
    chars = char_logp()
    table: dict[str, float] = {}
    for word, freq in rows:
        apart = sum(chars.get(ch, UNKNOWN_CHAR_LOGP) for ch in word)
        table[word] = max(math.log(freq / total), apart + WORD_BONUS)
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


def text_logp(text: str) -> float:
    """Log-probability of ``text`` (simplified) under a unigram word model.

    The best segmentation into dictionary words (2-4 characters) and single
    characters is found by dynamic programming, as jieba does. (The loop is
    written out for speed: it runs for every mojibake candidate.)
    """
    words = word_logp()
    chars = char_logp()
    ends = word_ends()
    n = len(text)
    best = [0.0] * (n + 1)
    for end in range(1, n + 1):
        ch = text[end - 1]
        if "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff":
            score = best[end - 1] + chars.get(ch, UNKNOWN_CHAR_LOGP)
        else:
            score = best[end - 1] + PUNCT_LOGP.get(ch, OTHER_CHAR_LOGP)
        if text[end - 2 : end] not in ends:
            best[end] = score
            continue
        for size in range(2, min(MAX_WORD_LEN, end) + 1):
            lp = words.get(text[end - size : end])
            if lp is not None:
                joined = best[end - size] + lp
                if joined > score:
                    score = joined
        best[end] = score
    return best[n]


def prefix_logps(text: str) -> list[float]:
    """``out[i]`` = ``text_logp(text[:i])`` for every ``i`` (one pass of the same program)."""
    words = word_logp()
    chars = char_logp()
    n = len(text)
    best = [0.0] * (n + 1)
    ends = word_ends()
    for end in range(1, n + 1):
        score = best[end - 1] + _unit_logp(text[end - 1], chars)
        if text[end - 2 : end] not in ends:
            best[end] = score
            continue
        for size in range(2, min(MAX_WORD_LEN, end) + 1):
            lp = words.get(text[end - size : end])
            if lp is not None and best[end - size] + lp > score:
                score = best[end - size] + lp
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
