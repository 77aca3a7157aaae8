"""The whole record: agreements, event types and the extractor."""

from __future__ import annotations

import json
from pathlib import Path

from xiezuo.news.agreements import find_agreements
from xiezuo.news.events import find_event_types
from xiezuo.news.extract import extract_file, extract_text


def _agreements(text: str) -> list[tuple[list[str], str]]:
    return [(a.parties, a.subject) for a in find_agreements(text)]


def test_it_reads_a_subject_after_the_verb_and_carries_the_first_party() -> None:
    text = "山东省商业集团与湘西州人民政府签订产业合作协议,与花垣县人民政府签订了全域旅游合作协议。"
    assert _agreements(text) == [
        (["山东省商业集团", "湘西州人民政府"], "产业合作协议"),
        (["山东省商业集团", "花垣县人民政府"], "全域旅游合作协议"),
    ]


def test_it_reads_titles_with_their_pairs_of_parties() -> None:
    text = (
        "工作组还见证了江阳区与盐源县《框架协议》和龙马潭区与普格县《采购合同》《合作协议》的签订。"
    )
    assert _agreements(text) == [
        (["江阳区", "盐源县"], "框架协议"),
        (["龙马潭区", "普格县"], "采购合同"),
        (["龙马潭区", "普格县"], "合作协议"),
    ]


def test_it_splits_one_subject_over_several_pairs() -> None:
    text = "会上,福州市与固原市、厦门市与吴忠市分别签订了结对协作协议。"
    assert _agreements(text) == [
        (["福州市", "固原市"], "结对协作协议"),
        (["厦门市", "吴忠市"], "结对协作协议"),
    ]


def test_it_reads_signed_projects_and_a_subject_before_its_verb() -> None:
    assert _agreements("青岛钰泉环保有限公司与曹县签约的曹县环保产业园项目,") == [
        (["青岛钰泉环保有限公司", "曹县"], "曹县环保产业园项目")
    ]
    assert _agreements("两地合作会议纪要在昆明签署。")[0][1] == "两地合作会议纪要"


def test_titles_outside_a_signing_are_not_agreements() -> None:
    assert _agreements("学习《关于深化东西部协作的指导意见》精神。") == []


def test_event_types_come_from_facts_not_speeches() -> None:
    text = "王书记说,要做好消费帮扶和劳务协作。代表团考察了产业园。"
    assert find_event_types(text, False, False) == ["visit", "project"]


def test_a_summary_needs_figures_for_a_period() -> None:
    text = "2016年以来,累计投入资金1000万元,实施项目15个,选派干部32人。"
    assert "summary" in find_event_types(text, False, False)
    assert "summary" not in find_event_types("今年以来帮助就业300人。", False, False)


def test_the_record_has_the_schema_keys() -> None:
    record = extract_text("12月6日,天津市和平区向甘南州合作市交付2022年财政援助资金3860万元。")
    assert list(record) == [
        "date",
        "event_types",
        "donor_regions",
        "recipient_regions",
        "people",
        "amounts",
        "counts",
        "agreements",
    ]
    assert record["amounts"][0]["value_yuan"] == 38600000
    assert {"name": "合作市", "code": "623001"} in record["recipient_regions"]
    json.dumps(record, ensure_ascii=False)


def test_text_fields_keep_the_reports_script(reports_dir: Path) -> None:
    record = extract_file(reports_dir / "039_fujian_ningxia_summary_trad.txt")
    assert record["file"].endswith("039_fujian_ningxia_summary_trad.txt")
    assert "33.6億元" in [a["text"] for a in record["amounts"]]


def test_figures_a_meeting_reports_are_a_summary() -> None:
    text = "会议通报,2023年甲市向乙县投入财政援助资金5000万元,实施协作项目21个。"
    assert "summary" in find_event_types(text, False, False)
    assert "summary" not in find_event_types("会议通报了有关情况。", False, False)


def test_cadres_teachers_or_doctors_sent_and_arriving_are_training() -> None:
    for text in (
        "8月28日,甲区选派的第三批帮扶教师一行20人抵达乙县,开始为期一年的帮扶。",
        "日前,甲省选派的新一批挂职干部共50名抵达乙市。",
        "甲市医院选派的医疗队启程赴乙县。",
        "10名教师到乙县开展为期一年的支教。",
        "甲市选派的30名医疗专家抵达乙州,开展为期一年的医疗帮扶。",
    ):
        assert "training" in find_event_types(text, False, False), text
    assert "training" not in find_event_types(
        "2021年以来,累计选派挂职干部300余名、专业技术人才1200名。", False, False
    )


def test_a_rounded_figure_restating_an_exact_one_is_listed_once() -> None:
    record = extract_text(
        "两地协作投入逾30亿元 带动800余人就业\n"
        "三年来,东部某市累计投入帮扶资金30.85亿元,帮助836人在家门口就业,"
        "另有约5亿元社会资金投入,培训1200余名乡村干部。"
    )
    assert sorted(a["value_yuan"] for a in record["amounts"]) == [500_000_000, 3_085_000_000]
    assert sorted((c["value"], c["unit"]) for c in record["counts"]) == [(836, "人"), (1200, "名")]


def test_a_subject_after_the_verb_may_hold_a_quoted_name() -> None:
    text = "会上,某区人民医院与某县人民医院签订了“院包乡”医疗帮扶协议,并举行揭牌仪式。"
    assert [subject for _, subject in _agreements(text)] == ["“院包乡”医疗帮扶协议"]


def test_a_batch_of_signed_projects_is_an_agreement() -> None:
    assert _agreements("会上签下26个扶贫合作项目,总投资额达242亿元。") == [
        ([], "扶贫合作项目(26个)")
    ]
    text = "经两地前期对接,确定了45个京蒙合作项目,会上签约项目25个,计划总投资159亿元。"
    assert _agreements(text) == [([], "京蒙合作项目(25个)")]
    text = "活动上,东西部省市共签约协作项目35个,其中鲁渝协作项目12个,签约金额78.37亿元。"
    assert _agreements(text) == [([], "鲁渝协作项目(12个)")]
    assert _agreements("某企业与某县现场签约16个项目。") == [(["某企业", "某县"], "签约项目(16个)")]
    # a batch counted over a period is a summary's figure
    assert _agreements("今年以来,产业园新签约项目12个,计划总投资46亿元。") == []


def test_a_count_of_agreements_is_no_subject_and_stays_a_count() -> None:
    text = "近日,甲区与乙县、丙县签订8项合作协议。其中,宏辉果蔬、黑马蔬菜与丙县签订产业合作协议。"
    assert _agreements(text) == [(["宏辉果蔬", "黑马蔬菜", "丙县"], "产业合作协议")]
    record = extract_text(text)
    assert [(c["value"], c["unit"]) for c in record["counts"]] == [(8, "项")]


def test_agreements_signed_by_lists_of_parties_one_after_the_other() -> None:
    text = (
        "分别为某节水(天津)有限公司、某村、和平之君社会服务中心与该村签订的“三结对”帮扶协议"
        "和某镇某村与该村签订的“小兔拔拔”青萝卜种植基地合作和产品销售协议;"
        "美菜网、红日药业与泾川县签订的产业、销售合作协议。"
    )
    assert _agreements(text) == [
        (["某节水(天津)有限公司", "某村", "和平之君社会服务中心", "该村"], "“三结对”帮扶协议"),
        (["某镇某村", "该村"], "“小兔拔拔”青萝卜种植基地合作和产品销售协议"),
        (["美菜网", "红日药业", "泾川县"], "产业、销售合作协议"),
    ]


def test_the_contents_of_an_agreement_are_kept_in_brackets() -> None:
    text = "两地政府及企业签订了多项深度合作的协议,协议内容涵盖农畜产品加工、冷链物流等多个领域。"
    assert _agreements(text) == [([], "深度合作协议(农畜产品加工、冷链物流)")]


def test_an_agreement_mentioned_twice_is_listed_once() -> None:
    text = (
        "央广网北京4月28日消息(记者某某)继4月8日北京市与内蒙古自治区签署《三年行动框架协议》后,"
        "两地再签下26个扶贫合作项目。4月8日,代表团赴内蒙古自治区,就扶贫协作工作签署了"
        "《三年行动框架协议》。"
    )
    assert _agreements(text) == [
        (["北京市", "内蒙古自治区"], "三年行动框架协议"),
        ([], "扶贫合作项目(26个)"),
    ]


def test_an_agreement_without_parties_of_its_own_is_between_the_two_sides() -> None:
    record = extract_text("济南市党政代表团赴临夏州考察,两地签订了劳务协作协议。")
    assert record["agreements"] == [{"parties": ["济南市", "临夏州"], "subject": "劳务协作协议"}]
    record = extract_text("会上,杭州市与广元市签订《共建产业园合作协议》。")
    assert record["agreements"][0]["parties"] == ["杭州市", "广元市"]


def test_what_sentences_dated_away_from_the_event_tell_is_another_event() -> None:
    from datetime import date

    text = (
        "今天上午,两地再签下26个扶贫合作项目。4月8日,甲市党政代表团赴乙区考察,签署了框架协议。"
    )
    types = find_event_types(text, True, False, date(2018, 4, 28), [text.index("签署")])
    assert "visit" not in types and "signing" in types
    text = "甲市和乙县共建协作产业园。2017年9月,甲市和乙县签订扶贫协作框架协议。"
    types = find_event_types(text, True, False, date(2022, 5, 5), [text.index("签订")])
    assert "signing" not in types and "project" in types
    text = "某网昆明8月6日电 7月16日,甲乙扶贫协作第二十三次联席会议在某县举行。"
    assert "joint_meeting" not in find_event_types(text, False, False, date(2020, 8, 5))


def test_a_project_meeting_and_a_list_of_work_areas_name_no_event() -> None:
    text = "两地举办项目对接会。两省从产业协作、劳务协作、消费协作3个方面推进协作。"
    types = find_event_types(text, False, False)
    assert "joint_meeting" not in types and "consumption" not in types
    assert "consumption" not in find_event_types("两地签下242亿扶贫投资订单。", False, False)


def test_money_given_over_a_period_is_no_delivery() -> None:
    text = "2024年,社会力量累计捐款捐物11597万元。"
    assert "fund_delivery" not in find_event_types(text, False, False)
    assert "fund_delivery" in find_event_types("甲区向乙县捐赠帮扶资金100万元。", False, False)


def test_a_report_looking_back_on_a_year_is_a_summary() -> None:
    text = "在过去的一年,甲市与乙区深化交流。甲市投资2800万元支持幼儿园建设,捐赠资金100万元。"
    assert "summary" in find_event_types(text, False, False)
    text = "今年,甲省对口支援年度资金总计5.57亿元,实施援藏项目66个。"
    assert "summary" not in find_event_types(text, False, False)


def test_training_away_from_home_is_training() -> None:
    text = "两年来,甲市共组织超过400名扶贫干部和专业技术人员赴沪培训。"
    assert "training" in find_event_types(text, False, False)


def test_a_batch_is_named_by_its_signing_and_its_fields_where_no_qualifier_is_written() -> None:
    text = (
        "据了解,这次活动期间,两地共签约项目109个,涵盖产业帮扶、消费帮扶、新能源产业等多个领域,"
        "签约金额达121.01亿元。"
    )
    assert _agreements(text) == [([], "签约项目(109个,产业帮扶、消费帮扶、新能源产业)")]


def test_documents_counted_in_a_signing_are_agreements() -> None:
    text = "推介会现场共签约5个项目和2份供销消费战略合作协议,涉及投资89.55亿元。"
    assert _agreements(text) == [([], "签约项目(5个)"), ([], "供销消费战略合作协议")]


def test_orders_are_bought_not_signed_and_a_summary_paragraph_counts_all_its_figures() -> None:
    text = "甲区动员干部群众开展消费帮扶,短短一周就签订了7563个消费订单。"
    assert "signing" not in find_event_types(text, False, False)
    text = (
        "据了解,东西部扶贫协作开展以来,甲区对口帮扶乙县。在消费扶贫中,甲区设立33个专区,"
        "乙县先后签订3亿多元的农产品销售订单。"
    )
    assert "summary" in find_event_types(text, False, False)


def test_people_placed_in_jobs_far_or_near_are_labour() -> None:
    for text in ("目前已安排558名贫困人员到山东就业。", "实现1642名建档立卡贫困人口就近就地就业。"):
        assert "labour" in find_event_types(text, False, False), text


def test_documents_counted_after_their_subject_are_agreements() -> None:
    text = "6月8日,双方签订东西部协作协议7份、项目投资协议12个,签约金额8.6亿元。"
    assert [a.subject for a in find_agreements(text)] == ["东西部协作协议", "项目投资协议"]


def test_last_years_figures_after_a_colon_are_a_summary() -> None:
    text = "记者从省乡村振兴局获悉:去年,上海市向云南省投入资金35亿元,实施项目1500个。"
    assert "summary" in find_event_types(text, False, False)
    text = "记者从省乡村振兴局获悉:2023年,上海市向云南省投入资金35亿元,实施项目1500个。"
    assert "summary" in find_event_types(text, False, False)


def test_a_batch_written_before_its_verb_is_an_agreement_unless_listed() -> None:
    found = find_agreements("会议期间举行了项目集中签约仪式,共有18个项目签约,总金额26亿元。")
    assert [a.subject for a in found] == ["签约项目(18个)"]
    text = "两市的5个合作项目签约,分别是——\n青岛钰泉环保有限公司与曹县签约的环保产业园项目,"
    assert [a.subject for a in find_agreements(text)] == ["环保产业园项目"]


def test_counted_agreements_named_nowhere_one_by_one_are_one_record() -> None:
    found = find_agreements("会上,静宁县与武清区签订了8项合作协议,涵盖产业、消费、劳务等领域。")
    assert [(a.subject, a.parties) for a in found] == [("合作协议(8项)", ["静宁县", "武清区"])]


def test_the_time_of_an_earlier_signing_and_words_run_onto_a_name_are_no_party() -> None:
    text = "会上,两地签署了战略合作框架协议,此前两地已于2021年签订了结对帮扶协议。"
    assert [a.parties for a in find_agreements(text)] == [[], []]
    found = find_agreements("活动现场,5家企业分别与德江县签订了投资协议。")
    assert [a.parties for a in found] == [["5家企业", "德江县"]]


def test_a_batch_of_projects_is_listed_once() -> None:
    found = find_agreements("现场,两地企业签订产业合作项目8个、劳务协作协议3份。")
    assert [a.subject for a in found] == ["产业合作项目(8个)", "劳务协作协议"]
