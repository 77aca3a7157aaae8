"""What offices write in a number cell."""

from __future__ import annotations

from decimal import Decimal

import pytest

from xiezuo.sheets.values import clean_text, looks_numeric, read_amount, unit_line
from xiezuo.transfer.parse import ParseError


@pytest.mark.parametrize(("cell", "yuan", "parts", "note"), [
    ("10(其中,灾情因素6万元)", 100_000, {"灾情因素": 60_000}, "其中,灾情因素6万元"),
    ("10（其中：中央资金8万元，省级2万元）", 100_000, {"中央资金": 80_000, "省级": 20_000},
     "其中：中央资金8万元，省级2万元"),
    ("10(含灾情6)", 100_000, {"灾情": 60_000}, "含灾情6"),
    ("20万元（已拨付10万元）", 200_000, {}, "已拨付10万元"),
    ("30（续建）", 300_000, {}, "续建"),
    ("20万", 200_000, {}, ""),
    ("1.2亿元", 120_000_000, {}, ""),
    ("一百二十", 1_200_000, {}, ""),
    ("660.00", 6_600_000, {}, ""),
    ("1,200", 12_000_000, {}, ""),
    ("￥1,200.50", Decimal("1200.50"), {}, ""),
    (660.0, 6_600_000, {}, ""),
])
def test_amounts_in_a_wan_column(cell, yuan, parts, note) -> None:
    amount = read_amount(cell, "wan")
    assert amount.yuan == Decimal(yuan)
    assert amount.parts == {k: Decimal(v) for k, v in parts.items()}
    assert amount.note == note


def test_nothing_and_approximations() -> None:
    for cell in ("—", "-", "/", "无", None):
        assert read_amount(cell, "wan").yuan is None
    with pytest.raises(ParseError, match="约数"):
        read_amount("约20", "wan")
    assert looks_numeric("20万元") and looks_numeric("10(其中,灾情因素6万元)")
    assert not looks_numeric("产业园") and not looks_numeric("2024年")


def test_unit_lines_and_texts() -> None:
    assert unit_line("单位：万元") == "wan"
    assert unit_line("单位:元") == "yuan"
    assert unit_line("金额单位：亿元") == "yi"
    assert unit_line("（万元）") == "wan"
    assert unit_line("填报单位：北塔区财政局") is None
    assert clean_text(" 水果基地") == "水果基地"
    assert clean_text("苗儿村\n水果基地") == "苗儿村水果基地"
    assert clean_text("Cold chain\nstorage") == "Cold chain storage"
