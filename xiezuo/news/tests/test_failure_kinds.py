"""The kinds of misreading found on reports the reader had not seen, each as a small snippet.

The snippets are made up, in the wording of real reports with other places, people and
days (as the robustness check in bench/news_robustness.py rewrites them): each pins one
kind of failure fixed in general, not a report.
"""

from __future__ import annotations

import pytest

from xiezuo.news.evaluate import core_region_name
from xiezuo.news.extract import extract_text
from xiezuo.news.parties import find_mentions
from xiezuo.news.regions import default_registry


def _sides(text: str) -> tuple[set[str], set[str]]:
    record = extract_text(text)
    return (
        {core_region_name(r["name"]) for r in record["donor_regions"]},
        {core_region_name(r["name"]) for r in record["recipient_regions"]},
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 截至2016年 is the present, a plan (会在2017年) and the national leaders' 20年来 are not
        (
            "截至2016年5月,菏泽有贫困人口91万。8月26日,青岛市与菏泽市签署扶贫协作协议。"
            "项目会在2017年开工。总书记总结了20年来东西部扶贫协作的经验。",
            "2016-08-26",
        ),
        # the end of a span is the report's present, its start is not
        (
            "新华社拉萨12月12日电(记者李明)1994年以来,日喀则累计接受援藏项目3842个。"
            "记者12日获悉,1994年至2018年以来,上海市对口援藏项目累计达1000个。",
            "2018-12-12",
        ),
        # a day printed before any month takes the month of the publication line in the footer
        (
            "记者12日从西藏自治区政府新闻办获悉,上海市对口援藏项目累计达1000个。\n"
            "2018-12-14 来源:新华社",
            "2018-12-12",
        ),
        # a February report on last year: the year in what the reporter learnt is last year's
        (
            "2月20日,记者从云南省乡村振兴局了解到,2022年上海市共向云南投入财政援助资金45亿元。",
            "2023-02-20",
        ),
    ],
)
def test_it_dates_the_event(text: str, expected: str) -> None:
    assert extract_text(text)["date"] == expected


def test_a_list_of_provinces_that_helps_makes_every_one_a_donor() -> None:
    donors, recipients = _sides(
        "1994年以来,广东、福建、湖北、天津四省市对口支援林芝市,累计实施援藏项目800个。"
    )
    assert donors == {"广东", "福建", "湖北", "天津"}
    assert recipients == {"林芝"}


def test_the_places_a_project_lies_in_are_no_parties() -> None:
    donors, recipients = _sides(
        "津甘协作10个项目在甘肃省集中签约,项目分布在古浪、天祝、东乡、积石山等县,"
        "天津市与甘肃省签约金额20亿元。"
    )
    assert (donors, recipients) == ({"天津"}, {"甘肃"})


def test_a_city_that_locates_the_county_is_no_party() -> None:
    donors, recipients = _sides(
        "浙江省宁波市北仑区与四川省凉山州布拖县开展消费协作,北仑区采购布拖县农产品300万元。"
    )
    assert (donors, recipients) == ({"北仑"}, {"布拖"})


def test_a_helper_named_after_the_prefecture_it_helps_is_the_donor() -> None:
    donors, recipients = _sides("林芝市广东援藏干部联络组看望慰问援藏干部。")
    assert (donors, recipients) == ({"广东"}, {"林芝"})


def test_a_station_named_after_its_city_is_no_party() -> None:
    donors, recipients = _sides(
        "1月30日,动车组从四川南充北站发车,531名四川籍务工人员踏上返岗的旅途。"
        "这是今年节后四川、浙江两省间开行的首趟返岗务工专列。"
    )
    assert (donors, recipients) == ({"浙江"}, {"四川"})


def test_a_name_after_a_rarer_word_is_still_a_place() -> None:
    registry = default_registry()
    text = "郭玉峰向上海挂职迪庆州团队颁发证书。"  # 向上 is a word, 上海 a commoner one
    assert [registry.short(m.code) for m in find_mentions(text, registry)] == ["上海", "迪庆州"]


def test_a_district_after_its_city_is_no_mayor_and_no_name() -> None:
    record = extract_text("会议期间,通辽市党政代表团对上海市长宁区、青浦区的企业进行了考察。")
    assert record["people"] == []


def test_a_contraction_before_projects_names_the_programme() -> None:
    donors, recipients = _sides(
        "4月29日,我办与迪庆州相关部门共同举办项目对接会。经两地前期对接,确定了45个沪滇合作项目。"
        "会议期间,迪庆州党政代表团赴上海市考察。"
    )
    assert (donors, recipients) == ({"上海"}, {"迪庆"})


def test_eight_agreements_signed_are_a_count_and_one_record() -> None:
    record = extract_text("北京市怀柔区与河北省丰宁县签订6项合作协议,涉及产业合作和消费帮扶。")
    assert [(c["value"], c["unit"]) for c in record["counts"]] == [(6, "项")]
    assert len(record["agreements"]) == 1


def test_one_agreement_named_by_its_contraction_and_its_provinces_is_listed_once() -> None:
    record = extract_text(
        "闽宁签署东西部协作协议\n福建省与宁夏回族自治区在银川签署东西部协作协议,共同推进乡村振兴。"
    )
    assert [a["subject"] for a in record["agreements"]] == ["东西部协作协议"]


@pytest.mark.parametrize(
    ("text", "subjects"),
    [
        ("双方签订劳务协作协议、消费帮扶协议等5份协议。", ["劳务协作协议", "消费帮扶协议"]),
        ("会上,甲公司与乙县签订了肉牛养殖项目投资协议。", ["肉牛养殖项目投资协议"]),
        ("两地共签署协议18份,涉及资金12亿元。", ["协议(18份)"]),
    ],
)
def test_it_reads_the_agreements(text: str, subjects: list[str]) -> None:
    assert [a["subject"] for a in extract_text(text)["agreements"]] == subjects


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("政协副主席何健颁发证书。", "何健"),  # the name runs into a verb
        ("政协副主席阎振波向派驻干部颁发证书。", "阎振波"),  # surnames beyond the commonest
        ("市委书记傅玉就此事表示感谢。", "傅玉"),  # an adverb after the name
        ("省领导任学锋、龚志等出席。", "龚志"),
        ("天津市副市长王旭在讲话中指出,要持续深化津甘协作。", "王旭"),
        ("如今,赖晓东称自己为新寻甸人。2018年8月,他的身份变为寻甸县委常委、副县长。", "赖晓东"),
    ],
)
def test_it_finds_the_official(text: str, name: str) -> None:
    assert name in [p["name"] for p in extract_text(text)["people"]]
