"""GBK frame-shift mojibake: the damage as scrapers produce it, and its repair."""

from __future__ import annotations

from pathlib import Path

import opencc
import pytest

from xiezuo.news.evaluate import edit_distance
from xiezuo.news.mojibake import damage_gbk, find_repairs, repair_mojibake
from xiezuo.news.tests.conftest import clean_reports

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


def _sentences() -> list[str]:
    """Clean sentences of the made-up test reports, in traditional characters."""
    return [str(TO_TRADITIONAL.convert(s)) for s in _simplified_sentences()]


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


def test_it_restores_damaged_sentences_exactly_when_no_byte_is_lost() -> None:
    exact, attempted, similarity = _restoration(_sentences()[:80], drop_private=False)
    assert attempted >= 60
    assert exact / attempted >= 0.9
    assert similarity >= 0.99


def test_it_restores_most_text_when_private_use_characters_were_dropped() -> None:
    exact, attempted, similarity = _restoration(_sentences()[:80], drop_private=True)
    assert attempted >= 60
    assert exact / attempted >= 0.65
    assert similarity >= 0.98


# ---------------------------------------------------------------- runs with no marker

REPO = Path(__file__).resolve().parents[3]


def _drop_byte(text: str, start: int, length: int, which: int) -> str:
    """``text`` with ``length`` characters from ``start`` encoded in GB 18030, one byte of the
    first (0: its lead, 1: its trail) dropped, and decoded again with "?" for what is no
    character: the damage of a scraper that loses a byte, with no marker anywhere."""
    raw = text[start : start + length].encode("gb18030")
    raw = raw[:which] + raw[which + 1 :]
    shifted = raw.decode("gb18030", errors="replace").replace("\ufffd", "?")
    return text[:start] + shifted + text[start + length :]


def test_it_finds_a_run_that_nothing_marks_closed_by_a_question_mark() -> None:
    for text, start, length in (
        ("今年以来，两地共同实施帮扶项目四十余个，带动当地群众稳定增收。", 3, 12),
        ("医疗队在当地开展义诊活动，接诊群众五百余人次，深受好评。", 5, 9),
    ):
        for which in (0, 1):
            damaged = _drop_byte(text, start, length, which)
            assert "?" in damaged and damaged != text
            assert repair_mojibake(damaged) == text, damaged


def test_it_repairs_runs_with_full_width_forms_and_enclosed_numerals() -> None:
    text = "双方表示，要让外出务工群众“出得去、稳得住、能致富”。"
    damaged = _drop_byte(text, 6, 20, 0)
    assert any("\u2460" <= ch <= "\u24ff" for ch in damaged)  # ⑽ ⒛: shifted "、" and "住"
    assert damaged.endswith("?。")  # closed before full-width punctuation
    repaired = repair_mojibake(damaged)
    assert repaired.endswith("外出务工群众“出得去、稳得住、能致富”。")
    full_width = _drop_byte("会议要求，确保项目早开工、早建成、早见效，让群众得实惠。", 5, 13, 0)
    assert "Ｏ" in full_width
    assert repair_mojibake(full_width).endswith("项目早开工、早建成、在见效，让群众得实惠。")


def test_it_prefers_a_guess_that_the_report_writes_elsewhere() -> None:
    elsewhere = "各地要确保资金按时拨付到位。项目早见效，群众才能早受益。要让群众满意。"
    for text, start, length in (
        ("会议要求，确保项目早开工、早建成、早见效，让群众得实惠。", 5, 13),
        ("双方表示，要让外出务工群众“出得去、稳得住、能致富”。", 6, 20),
    ):
        for which in (0, 1):
            damaged = _drop_byte(text, start, length, which)
            assert repair_mojibake(damaged) != text  # the words alone guess wrong
            assert repair_mojibake(damaged, elsewhere + "\n" + damaged) == text


def test_it_reads_a_run_closed_by_a_question_mark_before_digits() -> None:
    damaged = "帮助销售农特产品壬夏暝龀?5%,带动农户增收。"
    assert repair_mojibake(damaged).endswith("上年增长5%,带动农户增收。")


def _simplified_sentences() -> list[str]:
    out: list[str] = []
    for report in clean_reports():
        for line in report.split("\n"):
            if len(line) >= 40:
                out.extend(s + "。" for s in line.split("。") if len(s) >= 24)
    return out


def test_it_restores_most_of_mechanically_damaged_sentences() -> None:
    exact = attempted = before = after = length = 0
    for i, sentence in enumerate(_simplified_sentences()[:120]):
        start = len(sentence) // 3
        while start < len(sentence) and sentence[start].isascii():
            start += 1
        damaged = _drop_byte(sentence, start, 6 + i % 10, i % 2)
        if damaged == sentence:
            continue
        repaired = repair_mojibake(damaged)
        attempted += 1
        exact += repaired == sentence
        before += edit_distance(damaged, sentence)
        after += edit_distance(repaired, sentence)
        length += len(sentence)
    assert attempted >= 100
    assert 1 - before / length < 0.9  # the damage is real
    assert 1 - after / length >= 0.97
    assert exact / attempted >= 0.25  # the rest: mostly one guessed character at either end


def _clean_lines() -> list[tuple[str, str]]:
    """(line, its report) for every line known to be free of mojibake: the made-up clean
    reports of the fixtures, and the seeds' clean references and undamaged reports (when
    they are beside the repository)."""
    out = [(line, text) for text in clean_reports() for line in text.split("\n")]
    seeds = REPO.parent / "shared" / "corpus" / "seeds"
    for path in sorted(seeds.glob("*.txt")) if seeds.is_dir() else []:
        if path.with_name(path.stem + ".clean.txt").exists():
            continue  # a damaged report: its reference is read instead
        text = path.read_text(encoding="utf-8")
        out.extend((line, text) for line in text.split("\n"))
    return out


def test_clean_lines_are_never_touched() -> None:
    lines = _clean_lines()
    seeds = (REPO.parent / "shared" / "corpus" / "seeds").is_dir()
    assert len(lines) >= (400 if seeds else 300)  # the fixtures' lines, and the seeds' if there
    for line, report in lines:
        assert repair_mojibake(line) == line, line
        assert repair_mojibake(line, report) == line, line


def test_a_lost_opening_mark_is_the_one_a_closing_mark_waits_for() -> None:
    clean = "会上,两县签订了《2025年东西部协作框架协议》,明确了重点任务。"
    raw = clean.encode("gbk")
    damaged = (raw[:10] + raw[11:]).decode("gbk", errors="replace")  # one byte lost
    assert "《" not in damaged
    assert repair_mojibake(damaged.replace("\ufffd", "?")) == clean


def test_a_run_of_one_character_closed_by_a_question_mark_is_repaired() -> None:
    clean = "工作队积极开展入户走访,认真听取群众意见建议。"
    raw = clean.encode("gbk")
    damaged = (raw[:9] + raw[10:]).decode("gbk", errors="replace").replace("\ufffd", "?")
    assert damaged.startswith("工作队积伎?展")  # one character, then the "?"
    assert repair_mojibake(damaged) == clean
    for kept in ("家里有几口人?有哪些困难?", "有没有困难?有困难找我们。"):  # real ones
        assert repair_mojibake(kept) == kept


@pytest.mark.parametrize("line", [
    "你知道为什么?因为我们一直在努力。",
    "这是为什么?答案很简单。",
    "东西部协作取得了哪些成效?请看下文。",
    "怎么办?先把产业做起来!",
    "什么是消费帮扶?就是以购代捐。",
])
def test_a_real_half_width_question_mark_is_not_a_run_end(line) -> None:
    """A question asked with the half-width mark is clean text: nothing to repair."""
    assert repair_mojibake(line) == line
    assert repair_mojibake(line, document=line + "\n" + line) == line


def test_a_character_is_simplified_alone_only_where_that_is_likelier() -> None:
    from xiezuo.news.mojibake import _simple_char

    assert "".join(map(_simple_char, "什么為們後")) == "什么为们后"  # not 什幺


# ------------------------------------------------ the guessed characters at a run's ends

MADE_UP = [
    "县里组织合作社负责人参加电商培训,学习直播带货技巧。",
    "两地签订劳务协作协议,共同推动农村劳动力转移就业。",
    "帮扶干部深入田间地头,指导农户科学种植高原蔬菜。",
    "新建的扶贫车间吸纳周边群众就近就业,人均月收入三千元。",
    "对口支援资金重点投向教育医疗和乡村基础设施建设。",
    "市里召开东西部协作推进会,部署下一阶段重点工作任务。",
    "专家团队为当地医院开展技术培训,填补多项医疗技术空白。",
    "企业负责人表示将继续扩大采购规模,帮助农产品打开销路。",
    "工作组走访慰问困难群众,详细了解他们的生产生活情况。",
    "双方围绕产业合作和人才交流进行了深入座谈交流。",
    "学校选派骨干教师支教一年,带动提升当地教学质量。",
    "消费帮扶专柜进驻机关食堂,销售额突破五百万元。",
]


@pytest.mark.parametrize(
    ("clean", "start", "length", "which"),
    [
        (MADE_UP[0], 8, 3, 0),  # 参加, not 不加
        (MADE_UP[0], 11, 5, 1),  # 培训, not 培养
        (MADE_UP[1], 5, 3, 1),  # 劳务, not 劳文
        (MADE_UP[1], 6, 3, 0),  # 协作, not 经作
    ],
)
def test_a_guessed_end_character_is_the_one_that_makes_a_word_with_its_neighbour(
    clean: str, start: int, length: int, which: int
) -> None:
    damaged = _drop_byte(clean, start, length, which)
    assert damaged != clean
    assert repair_mojibake(damaged) == clean


def test_most_made_up_sentences_are_restored_exactly_wherever_a_byte_is_lost() -> None:
    exact = attempted = 0
    for clean in MADE_UP:
        for start in range(2, len(clean) - 6):
            for length in (3, 5, 7):
                for which in (0, 1):
                    damaged = _drop_byte(clean, start, length, which)
                    if damaged == clean:
                        continue
                    attempted += 1
                    exact += repair_mojibake(damaged) == clean
    assert attempted >= 1000
    assert exact / attempted >= 0.55  # the guess by frequency alone restored 0.39


def test_the_pair_model_knows_pairs_inside_words_and_falls_back_on_frequency() -> None:
    from xiezuo.news.lexicon import pair_logp, unit_logp

    assert pair_logp("培", "训") > unit_logp("训")  # a pair inside words beats chance
    assert pair_logp("件", "夹") > unit_logp("夹")
    assert pair_logp("，", "的") == unit_logp("的")  # no pair across punctuation
