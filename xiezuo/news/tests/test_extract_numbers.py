"""Money in yuan and counted things."""

from __future__ import annotations

from xiezuo.news.numbers import find_amounts, find_counts, parse_chinese_number


def _amounts(text: str) -> list[tuple[str, float, bool]]:
    return [(a.text, a.value_yuan, a.approximate) for a in find_amounts(text)]


def _counts(text: str) -> list[tuple[float, str]]:
    return [(c.value, c.unit) for c in find_counts(text)]


def test_it_normalises_money_to_yuan() -> None:
    assert _amounts("累计投入各类帮扶资金14654.73万元") == [("14654.73万元", 146547300, False)]
    assert _amounts("共计1500万元") == [("共计1500万元", 15000000, False)]
    assert _amounts("投入资金3.2亿元,捐款500元") == [
        ("3.2亿元", 320000000, False),
        ("500元", 500, False),
    ]
    assert _amounts("资金1,200万元") == [("1,200万元", 12000000, False)]


def test_it_marks_approximate_money() -> None:
    assert _amounts("龙马潭区累计投入各类帮扶资金9500余万元") == [("9500余万元", 95000000, True)]
    assert _amounts("投资3000多万元") == [("3000多万元", 30000000, True)]
    assert _amounts("超过200亿元") == [("超过200亿元", 20000000000, True)]
    assert _amounts("约1.5亿元") == [("约1.5亿元", 150000000, True)]


def test_it_reads_money_that_lost_its_unit_only_in_a_money_context() -> None:
    assert _amounts("计划投入财政援助资金4.6亿,选派干部") == [("4.6亿", 460000000, False)]
    assert _amounts("帮助4.6万群众增收") == []


def test_it_skips_foreign_currency() -> None:
    assert _amounts("实际利用外资12.4亿美元") == []


def test_incomes_and_wages_are_money_too() -> None:
    # as annotators of real reports count them (农牧民人均年收入从579元增长到9225元)
    assert [a[1] for a in _amounts("居民人均可支配收入从500元增长到14961元")] == [500, 14961]
    assert [a[1] for a in _amounts("务工人员月工资均在4500元以上")] == [4500]


def test_it_reads_chinese_numerals() -> None:
    assert parse_chinese_number("一万四千六百五十四点七三") == 14654.73
    assert parse_chinese_number("三十五") == 35
    assert parse_chinese_number("二〇二三") == 2023
    assert _amounts("捐赠五十万元") == [("五十万元", 500000, False)]


def test_it_counts_things_with_units() -> None:
    text = (
        "实施帮扶项目154个,选派干部人才320人,从江阳区选派6所学校19名教师,"
        "培训3200人次,流转土地1.2万亩"
    )
    assert _counts(text) == [
        (154, "个"),
        (320, "人"),
        (6, "所"),
        (19, "名"),
        (3200, "人次"),
        (12000, "亩"),
    ]


def test_it_gives_people_to_ten_thousands_of_population() -> None:
    assert _counts("菏泽有91.4万贫困人口") == [(914000, "人")]
    assert _counts("10.6万人脱贫") == [(106000, "人")]


def test_it_does_not_count_percentages_durations_ordinals_or_dates() -> None:
    text = (
        "增长5.2%,是上年的3倍,乘车需要7个小时,为期3天,第2批干部,2018年6月26日,"
        "6.2级地震,协作三年来,100MW光伏,电话0530-5342598,共建12个月"
    )
    assert _counts(text) == []


def test_it_skips_figures_in_spans_it_is_told_to() -> None:
    text = "签约年产11万台智能白板项目,另有5个项目"
    start = text.index("年产")
    assert _counts(text) == [(110000, "台"), (5, "个")]
    assert [(c.value, c.unit) for c in find_counts(text, skip=[(start, start + 12)])] == [(5, "个")]


def test_it_reads_renminbi_as_yuan() -> None:
    assert _amounts("投资3.6亿人民币") == [("3.6亿人民币", 360000000, False)]


def test_it_counts_enumerations_written_in_chinese_numerals() -> None:
    text = "接受四省市、两企业援藏项目。12个项目大致分为四类,从三个方面推进,签订四项协议。"
    assert _counts(text) == [(4, "个"), (2, "个"), (12, "个"), (4, "类"), (3, "个"), (4, "项")]
    assert _counts("鲁甘两省、两地、两省市、一项工作、十四五、三年行动、“三项制度”") == []


def test_a_count_may_follow_its_unit() -> None:
    text = "去年山东到重庆旅游人次超过100万,重庆的夜经济也输出到山东。"
    assert _counts(text) == [(1_000_000, "人次")]


def test_thousands_are_counted_and_kilograms_stay_a_unit() -> None:
    text = "运送5千克物资,行程3千米,其中脱贫劳动力8千人。"
    found = [(c.text, c.value, c.unit) for c in find_counts(text)]
    assert found == [("5千克", 5.0, "千克"), ("8千人", 8000.0, "人")]


def test_the_yue_of_a_signing_is_no_approximation() -> None:
    # 签约15个项目: 约 belongs to 签约; 约15个 alone would be "about fifteen"
    assert [(c.text, c.approximate) for c in find_counts("推介会现场签约15个项目。")] == [
        ("15个", False)]
    assert [(a.text, a.approximate) for a in find_amounts("投资约3亿元。")] == [("约3亿元", True)]
