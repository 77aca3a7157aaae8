"""Arbitrary text and bytes into the cleaner and the extractor: no exception, no hang."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xiezuo.news.clean import clean_text, decode_bytes
from xiezuo.news.dedup import Document, cluster
from xiezuo.news.extract import extract_text
from xiezuo.news.mojibake import damage_gbk, repair_mojibake

PIECES = [
    "协(xié)作",
    "?yōu)",
    "橄嫖髦",
    "d",
    "F",
    "，",
    ",,",
    "、",
    "。",
    "(左二)",
    "万元",
    "亿元",
    "余",
    "9500",
    "6月26日",
    "2023年",
    "至",
    "济南市",
    "临夏州",
    "鲁甘",
    "书记",
    "王忠林",
    "签订",
    "《协议》",
    "与",
    "?",
    "\n",
    " ",
    "责任编辑:",
    "ICP备",
    "\u3000",
    "\ufffd",
    "\ue000",
    "濟南",
    "@",
    "—",
    "个",
    "人",
    "第",
]
mixed_text = st.lists(st.sampled_from(PIECES) | st.text(max_size=6), max_size=60).map("".join)
PROFILE = settings(
    max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)


@PROFILE
@given(st.text(max_size=400))
def test_the_cleaner_takes_any_text(text: str) -> None:
    report = clean_text(text)
    assert len(report.simplified) == len(report.raw) == len(report.original)


@PROFILE
@given(mixed_text)
def test_the_cleaner_keeps_line_alignment_on_report_like_text(text: str) -> None:
    report = clean_text(text)
    assert len(report.simplified) == text.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1


@PROFILE
@given(st.binary(max_size=600))
def test_the_cleaner_takes_any_bytes(data: bytes) -> None:
    clean_text(decode_bytes(data))


@PROFILE
@given(st.text(max_size=400))
def test_the_extractor_takes_any_text(text: str) -> None:
    record = extract_text(text)
    assert set(record) >= {"date", "event_types", "donor_regions", "recipient_regions", "amounts"}


@PROFILE
@given(mixed_text)
def test_the_extractor_takes_report_like_text(text: str) -> None:
    record = extract_text(text)
    for amount in record["amounts"]:
        assert amount["value_yuan"] > 0


@PROFILE
@given(
    st.text(
        alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=2, max_size=40
    ),
    st.integers(min_value=1, max_value=39),
)
def test_damage_then_repair_never_fails(text: str, start: int) -> None:
    repair_mojibake(damage_gbk(text, min(start, len(text) - 1)))


@PROFILE
@given(
    st.text(
        alphabet=st.characters(min_codepoint=0x3000, max_codepoint=0x9FA5), min_size=2, max_size=60
    ),
    st.integers(min_value=0, max_value=59),
    st.integers(min_value=1, max_value=30),
    st.integers(min_value=0, max_value=1),
)
def test_a_dropped_byte_then_repair_never_fails(
    text: str, start: int, length: int, which: int
) -> None:
    start = min(start, len(text) - 1)
    raw = text[start : start + length].encode("gb18030", errors="replace")
    shifted = (raw[:which] + raw[which + 1 :]).decode("gb18030", errors="replace")
    damaged = text[:start] + shifted.replace("\ufffd", "?") + text[start + length :]
    repair_mojibake(damaged, damaged + "\n" + text)


@PROFILE
@given(st.lists(mixed_text, max_size=6))
def test_dedup_takes_any_documents(texts: list[str]) -> None:
    groups = cluster([Document(str(i), t) for i, t in enumerate(texts)])
    assert sum(len(g) for g in groups) == len(texts)


PATHOLOGICAL = [
    "1" * 20000 + "万元",
    "1," * 10000 + "万元",
    "一" * 20000 + "万元",
    "中a" * 5000,
    "?yōu)" * 3000,
    "?中a)，" * 2000,
    "协(xié)" * 5000,
    ("A与B签订了" + "合作" * 20 + "协议,") * 200,
    "济南市、临夏州、" * 2000,
    "书记王忠林、" * 3000,
    "\n".join("?中a)" * 20 for _ in range(300)),
]


def test_pathological_inputs_finish() -> None:
    for text in PATHOLOGICAL:
        report = clean_text(text)
        extract_text(text)
        assert len(report.simplified) == text.count("\n") + 1
