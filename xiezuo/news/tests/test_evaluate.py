"""Scoring exactly as the corpus SCHEMA describes."""

from __future__ import annotations

from typing import Any

from xiezuo.news.evaluate import (
    Report,
    cleaning_similarity,
    core_region_name,
    score_record,
    subject_similarity,
)


def _score(pred: dict[str, Any], gold: dict[str, Any]) -> Report:
    report = Report()
    score_record(pred, gold, report)
    return report


def test_core_names_make_long_and_short_forms_equal() -> None:
    for names in (
        ("湘西土家族苗族自治州", "湘西州", "湘西"),
        ("东乡族自治县", "东乡"),
        ("新疆维吾尔自治区", "新疆"),
        ("宁夏回族自治区", "宁夏"),
        ("涼山彝族自治州", "凉山州"),
        ("积石山保安族东乡族撒拉族自治县", "积石山县"),
    ):
        assert len({core_region_name(n) for n in names}) == 1, names


def test_dates_match_exactly() -> None:
    scores = _score({"date": "2019-06-26"}, {"date": "2019-06-26"}).scores["date"]
    assert (scores.tp, scores.fp, scores.fn) == (1, 0, 0)
    scores = _score({"date": "2019-06-25"}, {"date": "2019-06-26"}).scores["date"]
    assert (scores.tp, scores.fp, scores.fn) == (0, 1, 1)
    scores = _score({"date": None}, {"date": None}).scores["date"]
    assert (scores.tp, scores.fp, scores.fn) == (0, 0, 0)


def test_a_region_on_the_wrong_side_is_a_miss() -> None:
    report = _score(
        {
            "donor_regions": [{"name": "济南市"}],
            "recipient_regions": [{"name": "湘西州"}, {"name": "山东"}],
        },
        {"donor_regions": ["济南市", "山东省"], "recipient_regions": ["湘西土家族苗族自治州"]},
    )
    assert report.scores["donor_regions"].f1 == 2 / 3
    assert (report.regions.tp, report.regions.fp, report.regions.fn) == (2, 1, 1)


def test_amounts_match_within_half_a_percent() -> None:
    gold = {"amounts": [{"value_yuan": 95000000}, {"value_yuan": 1500000}]}
    report = _score({"amounts": [{"value_yuan": 95400000}, {"value_yuan": 1600000}]}, gold)
    s = report.scores["amounts"]
    assert (s.tp, s.fp, s.fn) == (1, 1, 1)


def test_counts_match_on_value_and_simplified_unit() -> None:
    report = _score(
        {"counts": [{"value": 154, "unit": "個"}, {"value": 320, "unit": "名"}]},
        {"counts": [{"value": 154, "unit": "个"}, {"value": 320, "unit": "人"}]},
    )
    s = report.scores["counts"]
    assert (s.tp, s.fp, s.fn) == (1, 1, 1)


def test_agreements_match_on_subject_bigrams() -> None:
    assert subject_similarity("产业合作协议", "產業合作協議") == 1.0
    report = _score(
        {"agreements": [{"subject": "全域旅游合作协议"}, {"subject": "采购合同"}]},
        {"agreements": [{"subject": "全域旅游合作框架协议"}, {"subject": "人才联盟协同发展协议"}]},
    )
    s = report.scores["agreements"]
    assert (s.tp, s.fp, s.fn) == (1, 1, 1)


def test_people_match_on_simplified_names() -> None:
    s = _score(
        {"people": [{"name": "葉紅專"}]}, {"people": [{"name": "叶红专", "title": "书记"}]}
    ).scores["people"]
    assert (s.tp, s.fp, s.fn) == (1, 0, 0)


def test_cleaning_similarity_is_line_for_line_after_nfkc() -> None:
    assert cleaning_similarity(["四川日报,2018年", ""], ["四川日报，2018年", ""]) == 1.0
    assert cleaning_similarity(["abcd"], ["abcx"]) == 0.75
    assert cleaning_similarity([], ["ab"]) == 0.0


def test_the_table_names_every_field() -> None:
    table = Report().table()
    for name in (
        "date",
        "event_types",
        "donor_regions",
        "people",
        "amounts",
        "counts",
        "agreements",
        "macro F1",
    ):
        assert name in table
