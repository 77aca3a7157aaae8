"""GBK frame-shift mojibake: how it arises, how to find it, how to undo it.

A page stored in GBK loses (or repeats) one byte; a decoder then reads every
following character from the trail byte of one character and the lead byte of
the next. The damaged run looks like rare characters ("?yōu)橄嫖髦莞黜椆...吲d")
and ends where a trail byte happens to fall in the ASCII range (0x40-0x7E): the
decoder prints that byte as a letter and is back in step. Scrapers often print
the first damaged character as "?", sometimes followed by its pinyin and ")";
characters of the private-use area vanish.

Repair: encode the damaged run back to GBK, shift by the lost byte, decode.
The first original character is ambiguous (its lead byte was lost): every
candidate lead byte is tried and the candidates are ranked by word and
character frequencies (``lexicon.text_logp``), helped by the pinyin marker
when there is one. A repair is kept only when it makes the text much more
probable than it was.

A run that nothing marks (no "?" at its start) is found from its end: the start
that makes the text likeliest is searched for (``_unmarked_run``). A character guessed
at either end of a run is also judged by how well it joins its neighbours as a pair
inside words (``lexicon.pair_logp``).
"""

from __future__ import annotations

import heapq
import re
from bisect import bisect_left
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache

from xiezuo.news.lexicon import (
    UNKNOWN_CHAR_LOGP,
    char_logp,
    char_pairs,
    is_cjk,
    pair_logp,
    prefix_logps,
    readings,
    suffix_logps,
    text_logp,
    to_simplified,
    toneless,
    unit_logp,
)

CODEC = "gb18030"
MAX_RUN = 200
CONTEXT = 4
MIN_GAIN = 2.0
LEAD_SHORTLIST = 3
LEAD_PREFILTER = 24
MAX_MARKS = 4  # "?" starts tried per run end, the nearest ones
MAX_ENDS = 16  # run ends examined per line: more means mixed text, not damage
MAX_LONE_LETTERS = 3
TRAIL_SHORTLIST = 8
LOST_LETTER_GAIN = 4.0
DROPPED_START_PRIOR = 4.0
DROPPED_START_SHORTLIST = 8  # two coincidences: a private-use pair, then the masked character
LEADS = range(0x81, 0xFF)
_PINYIN_MARKER = re.compile(r"[a-zA-Z\u00e0-\u01dc]{1,7}\)")
# the letter first, then what stands before it: the regex engine skips ahead to a letter
RUN_END = re.compile(r"[\x40-\x7e](?<=[^\x00-\x7f?,)][\x40-\x7e]|[?,)][\x40-\x7e])(?![A-Za-z0-9])")


def _is_pua(ch: str) -> bool:
    return "\ue000" <= ch <= "\uf8ff"


@cache
def _pair_table() -> dict[tuple[int, int], str]:
    """Every valid two-byte GB 18030 code that decodes outside the private-use area."""
    table: dict[tuple[int, int], str] = {}
    for lead in LEADS:
        for trail in (*range(0x40, 0x7F), *range(0x80, 0xFF)):
            try:
                ch = bytes((lead, trail)).decode(CODEC)
            except UnicodeDecodeError:
                continue
            if len(ch) == 1 and not _is_pua(ch):
                table[(lead, trail)] = ch
    return table


@cache
def _pua_pairs() -> dict[int, tuple[int, ...]]:
    """Lead byte → trail bytes of the two-byte codes that decode to private use."""
    pairs: dict[int, list[int]] = {}
    for lead in LEADS:
        for trail in (*range(0x40, 0x7F), *range(0x80, 0xFF)):
            try:
                ch = bytes((lead, trail)).decode(CODEC)
            except UnicodeDecodeError:
                continue
            if len(ch) == 1 and _is_pua(ch):
                pairs.setdefault(lead, []).append(trail)
    return {lead: tuple(trails) for lead, trails in pairs.items()}


@cache
def _pua_set() -> dict[int, frozenset[int]]:
    return {lead: frozenset(trails) for lead, trails in _pua_pairs().items()}


@cache
def _encode2(ch: str) -> bytes | None:
    """Two-byte code of ``ch``; ASCII punctuation is taken as its full-width form."""
    if ch == " ":
        ch = "\u3000"
    elif "!" <= ch <= "~":
        ch = chr(ord(ch) + 0xFEE0)
    try:
        raw = ch.encode(CODEC)
    except UnicodeEncodeError:
        return None
    return raw if len(raw) == 2 else None


_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")


def _decode_frame(raw: bytes) -> str | None:
    """Decode ``raw`` two bytes at a time; None when a pair is not a real character."""
    try:
        text = raw.decode(CODEC)
    except UnicodeDecodeError:
        text = ""
    # the codec's reading is the table's when every character but the ASCII ones took two
    # bytes and none is of private use (else the pairs are read, and gaps bridged, one by one)
    if text and len(raw) == 2 * len(text) - len(text.encode("ascii", "ignore")):
        if not _PRIVATE_USE.search(text):
            return text
    table = _pair_table()
    out: list[str] = []
    i = 0
    while i < len(raw):
        byte = raw[i]
        if byte < 0x80:
            out.append(chr(byte))
            i += 1
            continue
        if i + 1 >= len(raw):
            return None
        ch = table.get((byte, raw[i + 1]))
        if ch is None:
            ch = _bridge_gap(byte, raw[i + 1])
            if ch is None:
                return None
        out.append(ch)
        i += 2
    return "".join(out)


def _lead_decoder(raw: bytes) -> Callable[[int], str | None]:
    """``lead -> _decode_frame(bytes((lead,)) + raw)``, the frame after the first pair decoded once.

    Every candidate lead byte of a run shares everything but the first character.
    """
    table = _pair_table()
    tails: dict[int, str | None] = {}

    def tail(skip: int) -> str | None:
        if skip not in tails:
            tails[skip] = _decode_frame(raw[skip:])
        return tails[skip]

    def decode(lead: int) -> str | None:
        if lead < 0x80:
            rest = tail(0)
            return None if rest is None else chr(lead) + rest
        if not raw:
            return None
        first = table.get((lead, raw[0])) or _bridge_gap(lead, raw[0])
        rest = tail(1) if first is not None else None
        return None if first is None or rest is None else first + rest

    return decode


@cache
def _bridge_gap(lead: int, trail: int) -> str | None:
    """Two characters around a dropped private-use character: (lead, p1) (p2, trail).

    The most frequent pair is taken; the LM later keeps or rejects the whole run.
    """
    table = _pair_table()
    best: tuple[float, str] | None = None
    for p1, trails in _pua_pairs().items():
        first = table.get((lead, p1))
        if first is None:
            continue
        for p2 in trails:
            second = table.get((p2, trail))
            if second is not None:
                score = _char_logp(first) + _char_logp(second)
                if best is None or score > best[0]:
                    best = (score, first + second)
    return best[1] if best else None


# ---------------------------------------------------------------- generation


def damage_gbk(
    text: str,
    start: int,
    *,
    marker: bool = True,
    mask_first: bool = True,
    drop_private: bool = True,
) -> str:
    """Apply GBK frame-shift damage to ``text`` from character ``start`` on.

    This is the damage seen in scraped reports, reproduced so that test reports
    can be damaged while their clean text stays known. The byte stream is
    re-read from the trail byte of character ``start - 1`` (which must be a
    two-byte character), until a byte below 0x80 brings the decoder back in
    step. Pairs that are no character come out as "?", private-use characters
    vanish (or stay as private-use characters when ``drop_private`` is false).
    With ``mask_first`` the first damaged character is printed as "?",
    and with ``marker`` also its pinyin followed by ")", as scrapers did.
    """
    if start <= 0 or start >= len(text):
        return text
    prev = _encode2(text[start - 1]) if text[start - 1] not in "!~" else None
    if prev is None or text[start - 1].isascii():
        return text
    raw = text[start:].encode(CODEC, errors="replace")
    stream = prev[1:] + raw
    table = _pair_table()
    out: list[str] = []
    i = 0
    while i < len(stream):
        byte = stream[i]
        if byte < 0x80:
            break
        pair = (byte, stream[i + 1]) if i + 1 < len(stream) else None
        if pair is not None and pair in table:
            out.append(table[pair])
            i += 2
        elif pair is not None and pair[0] in _pua_pairs() and pair[1] in _pua_set()[pair[0]]:
            if not drop_private:
                out.append(bytes(pair).decode(CODEC))
            i += 2  # a private-use character: the scraper drops it
        else:
            out.append("?")
            i += 1
    rest = stream[i:].decode(CODEC, errors="replace")
    if out and mask_first:
        first = out[0]
        sounds = sorted(readings().get(first, frozenset()))
        out[0] = "?" + (sounds[0] + ")" if marker and sounds else "")
    return text[:start] + "".join(out) + rest


# ---------------------------------------------------------------- repair


@dataclass(frozen=True)
class Repair:
    start: int
    end: int  # exclusive
    text: str
    gain: float


GAP_SUSPECT_LOGP = -10.8
GAP_MIN_GAIN = 6.0
GAP_LENGTH_BONUS = 8.0  # a split adds one character, which costs about this much
GAP_SHORTLIST = 5
GAP_PREFILTER = 40


@cache
def _gap_options(lead: int, trail: int) -> tuple[str, ...]:
    """The likeliest pairs (lead, p1)(p2, trail) around a private-use code (p1, p2)."""
    table = _pair_table()
    options: list[tuple[float, str]] = []
    for p1, trails in _pua_pairs().items():
        first = table.get((lead, p1))
        if first is None:
            continue
        for p2 in trails:
            second = table.get((p2, trail))
            if second is not None:
                options.append((_char_logp(first) + _char_logp(second), first + second))
    options.sort(reverse=True)
    return tuple(pair for _, pair in options[:GAP_PREFILTER])


@cache
def _simple_options(options: tuple[str, ...]) -> tuple[str, ...]:
    """``options`` with their characters simplified one by one (``_simple_char``)."""
    return tuple("".join(map(_simple_char, pair)) for pair in options)


def _gap_scores(left: str, options: tuple[str, ...], right: str) -> list[tuple[float, str]]:
    """(``_logp_after(left, pair + right)``, pair) for every pair of ``options``: the left
    context's program and the right context's simplified form made once for all of them."""
    head = _LINE_HEADS.get(left)
    if head is None:
        simple = "".join(map(_simple_char, left))
        head = _LINE_HEADS[left] = (simple, prefix_logps(simple))
    head_simple, head_best = head
    tail = "".join(map(_simple_char, right))
    scores = _LINE_SCORES
    out = []
    for pair, simple_pair in zip(options, _simple_options(options), strict=True):
        text = left + pair + right
        score = scores.get(text)
        if score is None:
            score = scores[text] = text_logp(head_simple + simple_pair + tail, head_best)
        out.append((score, pair))
    return out


def _fill_gaps(left: str, decoded: str, right: str) -> str:
    """Put back the characters around a private-use character the scraper dropped.

    A dropped two-byte character leaves one wrong character (lead byte of the
    character before the gap, trail byte of the one after) in the repaired run;
    improbable characters are split in two when that makes the text far likelier.
    """
    out = list(decoded)
    for i, ch in enumerate(out):
        raw = _encode2(ch) if not ch.isascii() else None
        if raw is None:
            continue
        odd_symbol = "\uff10" <= ch <= "\uff5a"
        if not odd_symbol and _char_logp(ch) > GAP_SUSPECT_LOGP:
            continue
        options = _gap_options(raw[0], raw[1])
        if not options:
            continue
        context_left = left + "".join(out[:i])
        context_right = "".join(out[i + 1 :]) + right
        near = sorted(_gap_scores(context_left[-2:], options, context_right[:2]), reverse=True)
        lo, hi = context_left[-CONTEXT:], context_right[:CONTEXT]
        base = _logp(lo + ch + hi)
        best_gain, best_text = 0.0, ch
        for _, pair in near[:GAP_SHORTLIST]:
            gain = _logp_after(lo, pair + hi) - base + GAP_LENGTH_BONUS
            if gain > best_gain:
                best_gain, best_text = gain, pair
        if best_gain >= GAP_MIN_GAIN:
            out[i] = best_text
    return "".join(out)


def _run_ends(line: str) -> Iterator[int]:
    """Positions of ASCII characters that may close a damaged run."""
    for match in RUN_END.finditer(line):
        yield match.start()


def _region_start(line: str, end: int) -> int:
    """Leftmost index the run closing at ``end`` may start at: walking left, the run stops
    after ``MAX_RUN`` characters, before an ASCII letter, digit or tab or a character with
    no two-byte code, and skips a "?pinyin)" marker whole. (The walk goes from one such
    place of the line to the next, found once per line by ``_codes_of``.)"""
    _, _, _, stops, jumps, jump_at = _codes_of(line)
    floor = max(end - MAX_RUN, 0)
    j = end
    while j > floor:
        k = bisect_left(stops, j) - 1
        stop = stops[k] if k >= 0 else -1
        k = bisect_left(jumps, j) - 1
        jump = jumps[k] if k >= 0 else -1
        place = max(stop, jump)
        if place + 1 <= floor:
            return floor
        if place == stop:
            return stop + 1
        j = jump_at[jump]  # the marker's "?"
    return j


#: the line being repaired: its characters' codes and where a character's first byte repeats
#: the last byte of the one before (emptied for every line, like ``_LINE_SCORES``)
_LineCodes = tuple[bytes, list[int], list[int], list[int], list[int], dict[int, int]]
_LINE_CODES: dict[str, _LineCodes] = {}

#: ASCII as ``_encode2`` takes it: its full-width forms, the space as the ideographic one
_FULL_WIDTH = {c: c + 0xFEE0 for c in range(0x21, 0x7F)} | {0x20: 0x3000}
_ASCII_ALNUM = re.compile("[A-Za-z0-9]")
_ASCII_CONTROL = re.compile("[\x00-\x1f\x7f]")


def _codes_of(line: str) -> _LineCodes:
    """The two-byte codes of ``line`` end to end (``_encode2``; two zero bytes stand for a
    character with none) and where the characters with none are; in order, the positions
    where a run with no marker may start (a character whose first byte is the last byte of
    the character before it, both Chinese: the damage's signature); where a run cannot reach
    across (``_region_start``: an ASCII letter, digit or tab, a character with no code); and
    the ")" that close a "?pinyin)" marker, with where the marker starts."""
    found = _LINE_CODES.get(line)
    if found is None:
        # (the line encoded at once, and compared with itself byte for byte as two integers:
        # no loop over its characters in Python, unless a character has no two-byte code)
        try:
            wide = line.translate(_FULL_WIDTH).encode(CODEC)
        except UnicodeEncodeError:
            wide = b""
        nones: list[int] = []
        # (a one-byte code is an ASCII control, and only with one could four-byte codes
        # make up the length)
        if len(wide) != 2 * len(line) or _ASCII_CONTROL.search(line):
            codes = [_encode2(ch) for ch in line]
            nones = [i for i, code in enumerate(codes) if code is None]
            wide = b"".join(code or b"\0\0" for code in codes)
        stops = sorted([*nones, *(m.start() for m in _ASCII_ALNUM.finditer(line))])
        jump_at = {}
        close = line.find(")")
        while close >= 0:
            if (m := _marker_before(line, close + 1)) is not None:
                jump_at[close] = m
            close = line.find(")", close + 1)
        # byte k of ``same`` is zero where the last byte of character k is the first of k + 1
        size = max(len(line) - 1, 0)
        same = (
            int.from_bytes(wide[1:-1:2], "big") ^ int.from_bytes(wide[2::2], "big")
        ).to_bytes(size, "big")
        no_code = frozenset(nones)
        starts = []
        k = same.find(0)
        while k >= 0:
            i = k + 1
            if not (line[i].isascii() or line[k].isascii() or i in no_code or k in no_code):
                starts.append(i)
            k = same.find(0, i)
        found = _LINE_CODES[line] = (wide, nones, starts, stops, sorted(jump_at), jump_at)
    return found


def _marker_before(line: str, close: int) -> int | None:
    """If ``line[:close]`` ends with "?pinyin)", the index of that "?"."""
    k = close - 1
    while k > 0 and close - 1 - k < 7 and _is_pinyin_letter(line[k - 1]):
        k -= 1
    if k > 0 and k < close - 1 and line[k - 1] == "?":
        return k - 1
    return None


def _is_pinyin_letter(ch: str) -> bool:
    return "a" <= ch.lower() <= "z" or "\u00e0" <= ch <= "\u01dc"


def _lead_candidates(line: str, qmark: int, body: bytes) -> list[int]:
    """Lead bytes worth trying for the character lost at ``line[qmark]``."""
    marker = _PINYIN_MARKER.match(line, qmark + 1)
    leads = _leads_before(body[0])
    if marker is None or qmark == 0:
        return list(leads)
    prev = _encode2(line[qmark - 1])
    if prev is None or line[qmark - 1].isascii():
        return list(leads)
    heard = _heard(prev[1], toneless(marker.group()[:-1]))
    return [lead for lead in leads if lead in heard] or list(leads)


@cache
def _leads_before(trail: int) -> tuple[int, ...]:
    """The lead bytes that make a character with ``trail``, in order."""
    table = _pair_table()
    return tuple(lead for lead in LEADS if (lead, trail) in table)


@cache
def _leads_ranked(trail: int) -> tuple[int, ...]:
    """``_leads_before(trail)`` from the rarest character they make to the commonest (a
    stable order: equals keep the order of the lead bytes)."""
    table = _pair_table()
    return tuple(sorted(_leads_before(trail), key=lambda lead: _char_logp(table[(lead, trail)])))


@cache
def _heard(prev_trail: int, sound: str) -> frozenset[int]:
    """Lead bytes L such that (``prev_trail``, L) is a character that reads ``sound``."""
    table = _pair_table()
    known = readings()
    return frozenset(
        lead
        for lead in LEADS
        if (ch := table.get((prev_trail, lead))) is not None and sound in known.get(ch, ())
    )


@cache
def _char_logp(ch: str) -> float:
    return unit_logp(to_simplified(ch))


#: ``_logp`` of the texts scored for the line being repaired (a line's candidates share many
#: windows); emptied for every line, so nothing is kept from one report to the next
_LINE_SCORES: dict[str, float] = {}


def _logp(text: str) -> float:
    """Log-probability of ``text``, its characters simplified one by one (cheap, cached)."""
    score = _LINE_SCORES.get(text)
    if score is None:
        score = _LINE_SCORES[text] = text_logp("".join(map(_simple_char, text)))
    return score


#: the word model's program over the left contexts of the line being repaired
_LINE_HEADS: dict[str, tuple[str, list[float]]] = {}


def _logp_after(left: str, rest: str) -> float:
    """``_logp(left + rest)``, the program over ``left`` run once for all the texts that
    follow it (the candidates of one place differ only after their common left context)."""
    text = left + rest
    score = _LINE_SCORES.get(text)
    if score is None:
        head = _LINE_HEADS.get(left)
        if head is None:
            simple = "".join(map(_simple_char, left))
            head = _LINE_HEADS[left] = (simple, prefix_logps(simple))
        simple = head[0] + "".join(map(_simple_char, rest))
        score = _LINE_SCORES[text] = text_logp(simple, head[1])
    return score


@cache
def _simple_char(ch: str) -> str:
    """The simplified form of one character, out of context: only where it is the likelier
    character (OpenCC alone turns the simplified 么 of 什么 into 幺, its traditional use)."""
    simple = to_simplified(ch)
    if len(simple) != 1 or simple == ch:
        return ch
    chars = char_logp()
    unknown = UNKNOWN_CHAR_LOGP - 1.0  # below any character the table knows
    return simple if chars.get(simple, unknown) > chars.get(ch, unknown) else ch


def _candidates_for_end(line: str, end: int) -> Iterator[tuple[int, str]]:
    """(start, repaired text) pairs for a run closing at ``end`` (inclusive)."""
    lo = _region_start(line, end)
    wide, nones, shifted = _codes_of(line)[:3]
    last = line[end].encode("ascii")

    def body(start: int) -> bytes | None:
        """GBK bytes of ``line[start:end + 1]`` (None when a character has no code)."""
        if nones and bisect_left(nones, end) > bisect_left(nones, start):
            return None
        return wide[2 * start : 2 * end] + last

    marks: list[int] = []  # the last few "?" of the region
    at = line.rfind("?", lo, end)
    while at >= 0 and len(marks) < MAX_MARKS:
        marks.append(at)
        at = line.rfind("?", lo, at)
    # only where a run can start: a "?" (the nearest ones) or the damage's byte signature
    signed = shifted[bisect_left(shifted, lo) : bisect_left(shifted, end)]
    for start in sorted({*marks, *signed}):
        ch = line[start]
        if ch == "?":
            marker = _PINYIN_MARKER.match(line, start + 1)
            body_start = marker.end() if marker else start + 1
            if body_start > end:
                continue
            raw = body(body_start) if body_start < end else last
            if raw is None or raw[0] < 0x40:
                continue
            leads = _lead_candidates(line, start, raw)
            if len(leads) > LEAD_PREFILTER:  # the first character alone ranks them cheaply
                chosen = set(leads)
                leads = [lead for lead in _leads_ranked(raw[0]) if lead in chosen]
                leads = leads[-LEAD_PREFILTER:]
            options = []
            decode = _lead_decoder(raw)
            for lead in leads:
                decoded = decode(lead)
                if decoded is not None:
                    options.append(
                        (_logp_after(line[max(0, start - CONTEXT) : start], decoded[:3]), decoded)
                    )
            options.extend(_after_dropped_start(line, start, raw))
            options.sort(key=lambda o: o[0], reverse=True)
            for _, decoded in options[:LEAD_SHORTLIST]:
                yield start, decoded
        else:  # a signed start (``_codes_of``)
            raw = body(start)
            if raw is None:
                continue
            decoded = _decode_frame(raw[1:])
            if decoded is not None:
                yield start, decoded


@cache
def _chars_reading(sound: str) -> tuple[str, ...]:
    return tuple(ch for ch, sounds in readings().items() if sound in sounds)


def _after_dropped_start(line: str, qmark: int, raw: bytes) -> list[tuple[float, str]]:
    """Repairs for a run whose first pair was private-use (dropped) before the masked one.

    The masked character X (its pinyin given by the marker) is then (t0, l1): the
    trail of the first original character and the lead of the second.
    """
    marker = _PINYIN_MARKER.match(line, qmark + 1)
    prev = _encode2(line[qmark - 1]) if qmark > 0 else None
    if marker is None or prev is None or prev[1] not in _pua_set():
        return []
    decode = _lead_decoder(raw)
    combos: list[tuple[float, str, str]] = []
    for x in _chars_reading(toneless(marker.group()[:-1])):
        code = _encode2(x)
        if code is None:
            continue
        t0, l1 = code
        second = decode(l1)
        if second is None:
            continue
        second_logp = _char_logp(second[0])
        for first_logp, first in _dropped_firsts(prev[1], t0):
            combos.append((first_logp + second_logp, first, second))
    best = heapq.nlargest(DROPPED_START_SHORTLIST, combos, key=lambda c: c[0])
    left = line[max(0, qmark - CONTEXT) : qmark]
    return [
        (_logp(left + (first + second)[:3]) - DROPPED_START_PRIOR, first + second)
        for _, first, second in best
    ]


@cache
def _dropped_firsts(pua_lead: int, t0: int) -> tuple[tuple[float, str], ...]:
    """(log-probability, character) of the characters (l0, t0) after a dropped pair."""
    table = _pair_table()
    out = []
    for l0 in _pua_set()[pua_lead]:
        first = table.get((l0, t0))
        if first is not None:
            out.append((_char_logp(first), first))
    return tuple(out)


def _best_repair(line: str, end: int) -> Repair | None:
    """The repair of the run closing at ``end`` that gains most, if it gains enough.

    Candidates are compared on the total log-probability of a common window;
    the winner must gain at least ``MIN_GAIN`` per damaged character.
    """
    hi = min(len(line), end + 1 + CONTEXT)
    best: Repair | None = None
    before: dict[int, float] = {}  # the damaged window's own score, by its start
    for start, decoded in _candidates_for_end(line, end):
        lo = max(0, start - CONTEXT)
        if lo not in before:
            before[lo] = _logp(line[lo:hi])
        gain = _logp_after(line[lo:start], decoded + line[end + 1 : hi]) - before[lo]
        if best is None or gain > best.gain:
            best = Repair(start, end + 1, decoded, gain)
    if best is None or best.gain < MIN_GAIN * (best.end - best.start):
        return None
    left, right = line[max(0, best.start - CONTEXT) : best.start], line[best.end : hi]
    filled = _fill_gaps(left, best.text, right)
    if filled != best.text:
        filled = _fill_gaps(left, filled, right)
    return Repair(best.start, best.end, filled, best.gain)


_DUPLICATE_LETTER = re.compile(r"(?<=[\u3400-\u9fff])[\x40-\x7e](?=[^\x00-\x7f]|[(\[])")
_LONE_LETTER = re.compile(r"(?<=[\u3400-\u9fff])[\x40-\x7e](?=[\u3400-\u9fff])")
_QMARK_RUN = re.compile(
    r"\?(?P<marker>[a-zA-Z\u00e0-\u01dc]{1,7}\))(?P<body>[^\x00-\x7f]{0,40}?)\?(?=[\x21-\x7e]|$)"
)


_STRAY_MARK = re.compile(r"(?<=[^\x00-\x7f])\?(?=[^\x00-\x7f])")


def _stray_question_marks(line: str) -> list[Repair]:
    """A "?" left where the decoder met an invalid pair and fell back in step at once."""
    repairs = []
    table = _pair_table()
    for match in _STRAY_MARK.finditer(line):
        prev = _encode2(line[match.start() - 1])
        nxt = _encode2(line[match.end()])
        if prev is None or nxt is None:
            continue
        pair = (prev[1], nxt[0])
        if pair not in table and not (pair[0] in _pua_set() and pair[1] in _pua_set()[pair[0]]):
            repairs.append(Repair(match.start(), match.end(), "", MIN_GAIN))
    return repairs


def _duplicated_trail(line: str) -> list[Repair]:
    """A letter repeating the ASCII trail byte of the character before it ("協f作" → "協作")."""
    repairs = []
    for match in _DUPLICATE_LETTER.finditer(line):
        prev = _encode2(line[match.start() - 1])
        if prev is not None and prev[1] == ord(match.group()):
            repairs.append(Repair(match.start(), match.end(), "", MIN_GAIN))
    return repairs


def _lost_before_letter(line: str, end: int) -> Repair | None:
    """A lone letter that is the trail byte of a character whose lead byte was lost."""
    if not _LONE_LETTER.match(line, end):
        return None
    trail = ord(line[end])
    hi = min(len(line), end + 1 + CONTEXT)
    lo = max(0, end - CONTEXT)
    before = _logp(line[lo:hi])
    best: Repair | None = None
    for lead in LEADS:
        ch = _pair_table().get((lead, trail))
        if ch is None:
            continue
        gain = _logp(line[lo:end] + ch + line[end + 1 : hi]) - before
        if best is None or gain > best.gain:
            best = Repair(end, end + 1, ch, gain)
    return best if best is not None and best.gain >= LOST_LETTER_GAIN else None


def _closed_by_question_mark(line: str) -> list[Repair]:
    """A run that a "?" closes before ASCII text: its last character lost its trail byte."""
    repairs = []
    for match in list(_QMARK_RUN.finditer(line))[:MAX_ENDS]:
        start = match.start()
        raw_body = b"".join(c for c in map(_encode2, match.group("body")) if c is not None)
        if len(raw_body) != 2 * len(match.group("body")) or start == 0:
            continue
        probe = raw_body + b"\x40" if raw_body else b"\x40"
        leads = _lead_candidates(line, start, probe) if raw_body else _heard_leads(line, start)
        if len(leads) > LEAD_SHORTLIST and not raw_body:
            continue  # neither the marker nor a body narrows the lost character down
        hi = min(len(line), match.end() + CONTEXT)
        lo = max(0, start - CONTEXT)
        before = _logp(line[lo:hi])
        heads = []
        for lead in leads:
            head = _decode_frame(bytes((lead,)) + raw_body[:-1]) if raw_body else ""
            if head is not None:
                last_lead = raw_body[-1] if raw_body else lead
                heads.append((_logp(line[lo:start] + head[:2]), head, last_lead))
        heads.sort(key=lambda h: h[0], reverse=True)
        best: Repair | None = None
        best_rank = 0.0
        after = line[match.end() : match.end() + 1]
        needed = MIN_GAIN * (match.end() - start) / 2
        for _, head, last_lead in heads[:LEAD_SHORTLIST]:
            prev = head[-1:] or line[start - 1]
            for ch in (*_likely_chars(last_lead), *_paired_chars(prev, last_lead)):
                text = head + ch
                gain = _logp(line[lo:start] + text + line[match.end() : hi]) - before
                rank = gain + _pairs(prev, ch, after)
                if gain >= needed and (best is None or rank > best_rank):
                    best, best_rank = Repair(start, match.end(), text, gain), rank
        if best is not None:
            repairs.append(best)
    return repairs


@cache
def _likely_chars(lead: int) -> tuple[str, ...]:
    """The most frequent characters whose code starts with ``lead``."""
    table = _pair_table()
    chars = [ch for trail in range(0x40, 0xFF) if (ch := table.get((lead, trail))) is not None]
    return tuple(sorted(chars, key=_char_logp, reverse=True)[:TRAIL_SHORTLIST])


PAIRED_SHORTLIST = 4


def _paired_chars(prev: str, lead: int) -> tuple[str, ...]:
    """The characters whose code starts with ``lead`` that most often follow ``prev``
    inside a word (``lexicon.char_pairs``), beyond the frequent ones."""
    following = char_pairs()[0].get(_simple_char(prev), {})
    if not following:
        return ()
    options = [ch for ch in _chars_with_lead(lead) if _simple_char(ch) in following]
    options = [ch for ch in options if ch not in _likely_chars(lead)]
    ranked = heapq.nlargest(PAIRED_SHORTLIST, options, key=lambda ch: following[_simple_char(ch)])
    return tuple(ranked)


def _heard_leads(line: str, qmark: int) -> list[int]:
    """Lead bytes L such that (trail of the character before "?", L) reads as the marker says."""
    marker = _PINYIN_MARKER.match(line, qmark + 1)
    prev = _encode2(line[qmark - 1]) if qmark > 0 else None
    if marker is None or prev is None:
        return list(LEADS)
    heard = _heard(prev[1], toneless(marker.group()[:-1]))
    return [lead for lead in LEADS if lead in heard] or list(LEADS)


# ------------------------------------------------ runs with no marker at their start

UNMARKED_BACK = 60  # how far back from its end an unmarked run may start
UNMARKED_SPLITS = 2  # starts examined closely, the likeliest by the quick estimate
UNMARKED_SLACK = 6.0  # the quick estimate may miss a word across the run's start
QUICK_CHARS = 3  # characters before the close compared one by one, to give up early
QUICK_FLOOR = -8.0
SHORTLIST = 4  # guessed characters scored in full
RARE_LOGP = -13.5  # rarer guesses only where the report writes them beside a neighbour
SHORT_RUN_GAIN = 10.0  # a run of one character and its "?": a real "?" may close a clause
SEEN_PAIR_BONUS = 8.0  # a guessed character that makes a pair the report writes elsewhere
_QMARK_END = re.compile(r"(?<=[^\x00-\x7f])\?(?![a-zA-Z\u00e0-\u01dc]{1,7}\))")


@cache
def _junction_chars(byte: int) -> tuple[str, ...]:
    """Characters holding ``byte`` as trail (lead lost) or as lead (trail lost), frequent first."""
    table = _pair_table()
    chars = {table[(lead, byte)] for lead in LEADS if (lead, byte) in table}
    if byte >= 0x81:
        chars.update(ch for t in range(0x40, 0xFF) if (ch := table.get((byte, t))) is not None)
    return tuple(sorted(chars, key=lambda ch: (-_char_logp(ch), ch)))  # ties by code point


@cache
def _chars_with_lead(lead: int) -> tuple[str, ...]:
    """Every character whose code starts with ``lead``, the most frequent first."""
    table = _pair_table()
    chars = [ch for trail in range(0x40, 0xFF) if (ch := table.get((lead, trail))) is not None]
    return tuple(sorted(chars, key=_char_logp, reverse=True))


_OPENING = frozenset("“‘《(（「『【[")
_CLOSING = frozenset("”’》)）」』】]")


def _clash(a: str, b: str) -> bool:
    """True for two punctuation marks that do not follow each other ("。。", "、。")."""
    if not a or not b:
        return False
    left, right = a[-1], b[0]
    if is_cjk(left) or is_cjk(right) or left.isalnum() or right.isalnum():
        return False
    return left not in _CLOSING and right not in _OPENING


def _seen_elsewhere(document: str, damaged: str) -> Callable[..., float]:
    """A bonus for every pair of Chinese characters that ``document`` writes outside ``damaged``."""
    if not document:
        return lambda *texts: 0.0

    def bonus(*texts: str) -> float:
        return SEEN_PAIR_BONUS * sum(
            document.count(t) > damaged.count(t)
            for t in texts
            if len(t) == 2 and is_cjk(t[0]) and is_cjk(t[1])
        )

    return bonus


def _neighbours(document: str, a: str, b: str) -> set[str]:
    """The Chinese characters that ``document`` writes after ``a`` or before ``b``."""
    found: set[str] = set()
    if a and is_cjk(a):
        found.update(re.findall(re.escape(a) + _CJK_GROUP, document))
    if b and is_cjk(b):
        found.update(re.findall(_CJK_GROUP + re.escape(b), document))
    return found


_CJK_GROUP = "([\u3400-\u9fff\uf900-\ufaff])"


def _shortlist(
    chars: tuple[str, ...], left: str, right: str, document: str, simplified: bool
) -> list[str]:
    """The characters most likely between ``left`` and ``right``, by a quick local score.

    The score is the character's own frequency, raised when it makes a word with a
    neighbour or a pair the report writes elsewhere; the few best are then scored in full.
    Rare characters are considered only when the report writes them beside a neighbour,
    traditional ones not at all in a text written in simplified characters.
    """
    a, b = left[-1:], right[:1]
    common, by_simple, everyone = _scored(chars)
    if simplified:
        common, by_simple, everyone = _simplified_only(chars)
    scores: dict[str, float] = {}
    for x, own, cjk in common:
        if cjk or not (_clash(left, x) or _clash(x, right)):
            scores[x] = own
            if len(scores) == SHORTLIST:
                break
    after, before = char_pairs()
    for neighbour, words in (
        (a, after.get(_simple_text(a), {})),
        (b, before.get(_simple_text(b), {})),
    ):
        if not neighbour:
            continue
        small, large = (words, by_simple) if len(words) < len(by_simple) else (by_simple, words)
        for simple in small:
            if simple in large:
                for x in by_simple[simple]:
                    scores[x] = max(scores.get(x, -99.0), words[simple])
    if document:
        for x in sorted(_neighbours(document, a, b)):  # in a fixed order: ties stay put
            if x in scores or x in everyone:
                scores[x] = scores.get(x, _char_logp(x)) + SEEN_PAIR_BONUS
    ranked = heapq.nlargest(SHORTLIST, scores.items(), key=lambda item: item[1])
    return [x for x, _ in ranked] or list(chars[:1])


@cache
def _scored(
    chars: tuple[str, ...],
) -> tuple[tuple[tuple[str, float, bool], ...], dict[str, list[str]], frozenset[str]]:
    """The common characters of ``chars`` (with log-probability, is Chinese), the same by
    simplified form, and all of them as a set."""
    common = tuple((x, _char_logp(x), is_cjk(x)) for x in chars if _char_logp(x) > RARE_LOGP)
    by_simple: dict[str, list[str]] = {}
    for x, _, _ in common:
        by_simple.setdefault(_simple_char(x), []).append(x)
    return common, by_simple, frozenset(chars)


@cache
def _simplified_only(
    chars: tuple[str, ...],
) -> tuple[tuple[tuple[str, float, bool], ...], dict[str, list[str]], frozenset[str]]:
    """``_scored`` for the characters of ``chars`` that simplification leaves alone."""
    common, by_simple, _ = _scored(chars)
    kept = tuple(item for item in common if _simple_char(item[0]) == item[0])
    same = {simple: [x for x in xs if x == simple] for simple, xs in by_simple.items()}
    return (
        kept,
        {k: v for k, v in same.items() if v},
        frozenset(x for x in chars if _simple_char(x) == x),
    )


TRADITIONAL_SHARE = 0.05  # of the Chinese characters: above it, a text is in traditional script


def _is_traditional(text: str) -> bool:
    """True when more than a few of the Chinese characters of ``text`` are traditional forms."""
    simple = to_simplified(text)
    if len(simple) == len(text):
        changed = sum(map(str.__ne__, text, simple))
    else:  # a phrase converted to one of another length: character by character
        changed = sum(_simple_char(ch) != ch for ch in text)
    return changed > TRADITIONAL_SHARE * len(_CJK.findall(text))


_CJK = re.compile("[\u3400-\u9fff\uf900-\ufaff]")


@lru_cache(maxsize=4)
def _document_is_traditional(document: str) -> bool:
    return _is_traditional(document)


def _simple_text(text: str) -> str:
    return "".join(map(_simple_char, text))


def _unmarked_run(line: str, end: int, document: str = "") -> Repair | None:
    """A run that nothing marks at its start, closed at ``line[end]``.

    The close is an ASCII letter (the trail byte of the last original character) or a
    "?" (that trail byte, which the decoder could not pair). Read back in step, the
    characters before the close give one reading ``R`` (``R[k]`` is made of the trail
    byte of ``line[k - 1]`` and the lead byte of ``line[k]``); a run starting at ``s``
    replaces ``line[s + 1 : end + 1]`` by ``R`` and ``line[s]`` by a character holding
    its first byte (its other byte was lost). Every start is scored at once with the
    word model run from both ends; the best few are then scored in full.
    """
    table = _pair_table()
    qmark = line[end] == "?"
    reading: dict[int, str] = {}
    prev = _encode2(line[end - 1]) if end > 0 and not line[end - 1].isascii() else None
    if prev is None:
        return None
    lasts = _chars_with_lead(prev[1]) if qmark else ()
    if not qmark:
        last = table.get((prev[1], ord(line[end])))
        if last is None:
            return None
        lasts = (last,)
    if not lasts:
        return None
    codes: dict[int, bytes] = {end - 1: prev}
    k = end - 1
    while k > 0 and end - k < UNMARKED_BACK:
        ch = line[k - 1]
        if ch == "?" or (ch.isascii() and ch.isalnum()):
            break
        code = _encode2(ch)
        if code is None:
            break
        pair = table.get((code[1], codes[k][0]))
        if pair is None:
            break
        codes[k - 1] = code
        reading[k] = pair
        k -= 1
    first = k  # the leftmost possible start
    if end - first < 2 and not qmark:
        return None
    near_end = range(max(first + 1, end - QUICK_CHARS), end)
    quick = sum(_char_logp(reading[i]) - _char_logp(line[i]) for i in near_end)
    # read back in step, the last characters are no likelier: only a run of the last
    # character before the "?" is left ("紧粑?绕" for "紧紧围绕")
    starts = range(first, end - 1) if quick >= QUICK_FLOOR and end - first >= 2 else range(0)
    if not starts and not qmark:
        return None
    hi = min(len(line), end + 1 + CONTEXT)
    lo = max(0, first - CONTEXT)
    right = line[end + 1 : hi]
    simple = "".join(map(_simple_char, line[lo:hi]))
    before = prefix_logps(simple)
    repaired = "".join(_simple_char(reading[i]) for i in range(first + 1, end)) + lasts[0]
    after = suffix_logps(repaired + "".join(map(_simple_char, right)))
    whole = before[-1]
    splits = []
    for s in starts:
        junction = _junction_chars(codes[s][0])
        if not junction:
            continue
        estimate = before[s - lo] + _char_logp(junction[0]) + after[s - first] - whole
        if estimate >= MIN_GAIN * (end + 1 - s) - UNMARKED_SLACK:
            splits.append((estimate, s))
    splits.sort(reverse=True)
    splits = splits[:UNMARKED_SPLITS]
    if qmark:  # the last resort: a run of the one character before the "?"
        s = end - 1
        junction = _junction_chars(codes[s][0])
        if junction:
            estimate = before[s - lo] + _char_logp(junction[0]) + after[s - first] - whole
            if estimate >= SHORT_RUN_GAIN - UNMARKED_SLACK:
                splits.append((estimate, s))
    if not splits:
        return None
    best: Repair | None = None
    best_rank = 0.0
    seen = _seen_elsewhere(document, line[max(0, first - 1) : end + 2])
    near = "".join(reading[i] for i in range(max(first + 1, end - 3), end))
    if document:
        simplified = not _document_is_traditional(document)
    else:
        simplified = not _is_traditional(line[:first] + line[end + 1 :])
    tails = _shortlist(lasts, near[-2:], right[:2], document, simplified)
    opener = _awaited_opener(line, end + 1)
    if opener in lasts and opener not in tails:
        tails.append(opener)
    tail = max(
        tails,
        key=lambda x: (
            _logp(near[-3:] + x + right[:2])
            + _pairs(near[-1:], x, right[:1])
            + seen(near[-1:] + x, x + right[:1])
            + (SEEN_PAIR_BONUS if x == opener else 0.0)
        ),
    )
    for _, s in splits:
        if s == end - 1 and best is not None:
            break
        left = line[max(0, s - CONTEXT) : s]
        body = "".join(reading[i] for i in range(s + 1, end))
        heads = _shortlist(_junction_chars(codes[s][0]), left[-2:], body[:2], document, simplified)
        if not heads:
            continue
        head = max(
            heads,
            key=lambda x: (
                _logp(left[-2:] + x + body[:3])
                + _pairs(left[-1:], x, body[:1])
                + seen(left[-1:] + x, x + body[:1])
            ),
        )
        if not body:  # the run is one character: the tail follows the head, not ``near``
            tail = max(
                tails,
                key=lambda x: (
                    _logp(left[-2:] + head + x + right[:2])
                    + _pairs(head, x, right[:1])
                    + seen(head + x, x + right[:1])
                    + (SEEN_PAIR_BONUS if x == opener else 0.0)
                ),
            )
        text = head + body + tail
        gain = _logp(left + text + right) - _logp(left + line[s:hi])
        rank = gain + seen(left[-1:] + head, head + body[:1], body[-1:] + tail, tail + right[:1])
        needed = SHORT_RUN_GAIN if not body else MIN_GAIN * (end + 1 - s)
        if gain >= needed and (best is None or rank > best_rank):
            best, best_rank = Repair(s, end + 1, text, gain), rank
    return best


PAIR_SCORE_WEIGHT = 1.0


def _pairs(left: str, x: str, right: str) -> float:
    """How well the guessed ``x`` joins its neighbours as pairs inside words: the character
    pair model (``lexicon.pair_logp``) of ``left + x`` and ``x + right``, less ``x``'s and
    ``right``'s own frequencies that the word model has already counted."""
    x = _simple_char(x)
    score = 0.0
    if left:
        score += pair_logp(_simple_char(left), x) - _char_logp(x)
    if right:
        score += pair_logp(x, _simple_char(right)) - _char_logp(right)
    return PAIR_SCORE_WEIGHT * score


_OPENER_OF = {"》": "《", "”": "“", "」": "「", "』": "『"}


def _awaited_opener(line: str, start: int) -> str | None:
    """The opening mark that the first closing mark after ``start`` still waits for
    (``…签订了?2024年…协议》``: the lost character is ``《``), if any."""
    for ch in line[start:]:
        if ch in _OPENER_OF.values() or ch in "。\n":
            return None
        if ch in _OPENER_OF:
            return _OPENER_OF[ch]
    return None


def _unmarked_closed_by_question_mark(
    line: str, document: str, taken: list[tuple[int, int]]
) -> list[Repair]:
    """Runs closed by a "?" whose start nothing marks (``_unmarked_run``), outside ``taken``."""
    repairs: list[Repair] = []
    for match in list(_QMARK_END.finditer(line))[:MAX_ENDS]:
        at = match.start()
        if (repairs and at < repairs[-1].end) or any(s <= at < e for s, e in taken):
            continue
        repair = _unmarked_run(line, match.start(), document)
        if repair is not None:
            repairs.append(repair)
    return repairs


def find_repairs(line: str, document: str = "") -> list[Repair]:
    """Damaged runs of ``line`` with their repairs, left to right, not overlapping.

    ``document``, the whole report, helps to choose a guessed character: one that forms a
    pair of characters the report writes elsewhere is preferred.
    """
    _LINE_SCORES.clear()
    _LINE_HEADS.clear()
    _LINE_CODES.clear()
    repairs: list[Repair] = [*_duplicated_trail(line), *_closed_by_question_mark(line)]
    taken = [(r.start, r.end) for r in repairs]
    unmarked = _unmarked_closed_by_question_mark(line, document, taken)
    for found in (*unmarked, *_stray_question_marks(line)):
        if not any(s < found.end and found.start < e for s, e in taken):
            repairs.append(found)
            taken.append((found.start, found.end))
    ends = list(_run_ends(line))[:MAX_ENDS]
    lone_letters = len(_LONE_LETTER.findall(line))
    for end in ends:
        if any(s <= end < e for s, e in taken):
            continue
        repair = _best_repair(line, end) or _unmarked_run(line, end, document)
        if repair is None and lone_letters <= MAX_LONE_LETTERS:
            repair = _lost_before_letter(line, end)
        if repair is not None and not any(s < repair.end and repair.start < e for s, e in taken):
            repairs.append(repair)
            taken.append((repair.start, repair.end))
    return sorted(repairs, key=lambda r: r.start)


def repair_mojibake(line: str, document: str = "") -> str:
    """``line`` with every GBK frame-shift run it carries decoded again (see ``find_repairs``)."""
    if line.isascii() or (not RUN_END.search(line) and "?" not in line):
        return line
    repairs = find_repairs(line, document)
    for repair in reversed(repairs):
        line = line[: repair.start] + repair.text + line[repair.end :]
    return line
