"""GBK frame-shift mojibake: the damage as scrapers produce it, and its repair."""

from __future__ import annotations

import json
from pathlib import Path

import opencc

from xiezuo.news.evaluate import edit_distance
from xiezuo.news.mojibake import damage_gbk, find_repairs, repair_mojibake

TO_TRADITIONAL = opencc.OpenCC("s2t")


def test_it_repairs_the_example_of_the_issue() -> None:
    damaged = "我們?yōu)橄嫖髦莞黜椆ぷ魅〉玫某删透械接芍愿吲d。"
    assert repair_mojibake(damaged) == "我們為湘西州各項工作取得的成就感到由衷高興。"


def test_it_repairs_a_run_whose_first_character_was_lost() -> None:
    assert (
        repair_mojibake("是義不容辭的政治責任?,F在已經進入新階段")
        == "是義不容辭的政治責任。現在已經進入新階段"
    )


def test_it_uses_the_pinyin_marker_to_choose_the_lost_byte() -> None:
    assert repair_mojibake("進行深入?yún)f商交流") == "進行深入協商交流"


def test_it_repairs_a_run_that_keeps_its_first_character() -> None:
    damaged = damage_gbk("真心實意為當地群眾辦好事", 6, mask_first=False)
    assert damaged != "真心實意為當地群眾辦好事"
    assert repair_mojibake(damaged) == "真心實意為當地群眾辦好事"


def test_it_leaves_clean_text_alone() -> None:
    for line in (
        "在AI豆数字产业园,济南市党政代表团听取了介绍",
        "推广5G网络和B超设备,补充维生素C。",
        "采用PPP模式建设,引进100MW光伏项目",
        "家裏有幾口人?有哪些房子受到地震影響?",
        "E-mail:abc@example.com 电话:0530-5342598",
        "阿石拉比(左二)陪同,QQ群号码",
    ):
        assert repair_mojibake(line) == line
        assert find_repairs(line) == []


def test_the_damage_keeps_the_text_before_the_run() -> None:
    text = "我們為湘西州各項工作取得的成就感到由衷高興"
    damaged = damage_gbk(text, 2)
    assert damaged.startswith("我們?")
    assert damaged != text


def _sentences(corpus_dir: Path) -> list[str]:
    """Clean traditional sentences from the corpus sources (their annotated lines)."""
    out: list[str] = []
    for source in sorted((corpus_dir / "src").glob("*.src.txt")):
        body = source.read_text(encoding="utf-8").partition("\n---\n")[2].partition("\n===\n")[0]
        for line in body.split("\n"):
            if line.startswith("@@") or len(line) < 40:
                continue
            out.extend(s + "。" for s in line.split("。") if len(s) >= 24)
    return [str(TO_TRADITIONAL.convert(s)) for s in out]


def _restoration(sentences: list[str], drop_private: bool) -> tuple[int, int, float]:
    """(exactly restored, damaged, character similarity) over damaged ``sentences``."""
    exact = attempted = distance = length = 0
    for sentence in sentences:
        start = len(sentence) // 3
        while start < len(sentence) and sentence[start - 1].isascii():
            start += 1
        damaged = damage_gbk(sentence, start, drop_private=drop_private)
        if damaged == sentence:
            continue
        attempted += 1
        repaired = repair_mojibake(damaged)
        exact += repaired == sentence
        distance += edit_distance(repaired, sentence)
        length += len(sentence)
    return exact, attempted, 1 - distance / max(length, 1)


def test_it_restores_damaged_sentences_exactly_when_no_byte_is_lost(corpus_dir: Path) -> None:
    exact, attempted, similarity = _restoration(_sentences(corpus_dir)[:80], drop_private=False)
    assert attempted >= 60
    assert exact / attempted >= 0.9
    assert similarity >= 0.99


def test_it_restores_most_text_when_private_use_characters_were_dropped(corpus_dir: Path) -> None:
    exact, attempted, similarity = _restoration(_sentences(corpus_dir)[:80], drop_private=True)
    assert attempted >= 60
    assert exact / attempted >= 0.65
    assert similarity >= 0.98


def test_the_corpus_damage_is_reproducible(corpus_dir: Path) -> None:
    from xiezuo.news.corpus.build import parse_source, render

    source = next((corpus_dir / "src").glob("013_*.src.txt"))
    recipe, lines, _ = parse_source(source)
    raw, reference = render(recipe, lines)
    assert raw == (corpus_dir / "013_yuegui_lianxi.txt").read_text(encoding="utf-8").split("\n")
    assert reference == (corpus_dir / "013_yuegui_lianxi.clean.txt").read_text(
        encoding="utf-8"
    ).rstrip("\n").split("\n")
    assert json.loads((corpus_dir / "013_yuegui_lianxi.json").read_text(encoding="utf-8"))["date"]
