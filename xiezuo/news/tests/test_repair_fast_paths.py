"""The mojibake repair's fast paths give what the plain forms they stand for give, on any text.

A line's codes come from one encoding of the whole line, a frame is decoded by the codec when
its reading is the table's, and the word model's last value is computed without its list; the
plain forms are kept here and both are run on text made of the pieces that matter to them.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xiezuo.news import lexicon, mojibake

PROFILE = settings(
    max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)


def texts(*pieces: str, size: int = 40) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(pieces) | st.text(max_size=3), max_size=size).map("".join)


def plain_codes(line: str) -> tuple[list[int], list[int], list[int], dict[int, int]]:
    """Character by character: no code, run starts, stops, markers (see ``_codes_of``)."""
    codes = [mojibake._encode2(ch) for ch in line]
    nones = [i for i, code in enumerate(codes) if code is None]
    stops = [
        i
        for i, ch in enumerate(line)
        if codes[i] is None or (ch.isascii() and (ch.isalnum() or ch == "\t"))
    ]
    jump_at = {
        i: m
        for i, ch in enumerate(line)
        if ch == ")" and (m := mojibake._marker_before(line, i + 1)) is not None
    }
    starts = [
        i
        for i in range(1, len(line))
        if (code := codes[i]) is not None
        and (prev := codes[i - 1]) is not None
        and prev[1] == code[0]
        and not line[i].isascii()
        and not line[i - 1].isascii()
    ]
    return nones, starts, stops, jump_at


@PROFILE
@given(texts("?yōu)", "?", ")", "橄嫖", "髦", "吲d", "協作", "协作", "5", "A", " ", "\t", "\x7f",
             "😀", "\ue000", "é", "。", "，", size=60))
def test_a_lines_codes_are_its_characters_codes(line: str) -> None:
    mojibake._LINE_CODES.clear()
    wide, nones, starts, stops, jumps, jump_at = mojibake._codes_of(line)
    assert (nones, starts, stops, jump_at) == plain_codes(line)
    assert jumps == sorted(jump_at)
    codes = [mojibake._encode2(ch) or b"\0\0" for ch in line]
    assert wide == b"".join(codes)


def plain_decode(raw: bytes) -> str | None:
    """Two bytes at a time through the table, gaps bridged (``_decode_frame``'s slow path)."""
    table = mojibake._pair_table()
    out, i = [], 0
    while i < len(raw):
        if raw[i] < 0x80:
            out.append(chr(raw[i]))
            i += 1
            continue
        if i + 1 >= len(raw):
            return None
        ch = table.get((raw[i], raw[i + 1])) or mojibake._bridge_gap(raw[i], raw[i + 1])
        if ch is None:
            return None
        out.append(ch)
        i += 2
    return "".join(out)


BYTES = st.lists(
    st.sampled_from([b"\x81", b"\xa1", b"\xb0", b"\xfe", b"\xff", b"\x80", b"\x40", b"\x7e",
                     b"\x7f", b"\x35", b"a", b"\xd6\xd0", b"\xa1\xa1", b"\xaa\xa1", b"\x81\x30"])
    | st.binary(max_size=3),
    max_size=12,
).map(b"".join)


@PROFILE
@given(BYTES)
def test_a_frame_decodes_as_the_table_reads_it(raw: bytes) -> None:
    assert mojibake._decode_frame(raw) == plain_decode(raw)


@PROFILE
@given(texts("协作", "扶贫", "对口支援", "的", "，", "。", "a", "1", "\U00020000", "龘", size=12),
       st.integers(min_value=0, max_value=40))
def test_the_word_models_last_value_is_the_programs(text: str, cut: int) -> None:
    assert repr(lexicon.text_logp(text)) == repr(lexicon.prefix_logps(text)[-1])
    known = lexicon.prefix_logps(text[: cut % (len(text) + 1)])
    assert repr(lexicon.text_logp(text, known)) == repr(lexicon.prefix_logps(text, known)[-1])
