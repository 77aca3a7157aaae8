"""The event's date, with the year inferred from context."""

from __future__ import annotations

from datetime import date

from xiezuo.news.dates import event_date, find_mentions, publication_date


def _date(text: str, parties: list[list[str]] | None = None) -> date | None:
    return event_date(text, text.split("\n"), parties or [])


def test_it_reads_full_dates() -> None:
    assert _date("2023年4月12日,上海市党政代表团赴文山州考察。") == date(2023, 4, 12)


def test_it_takes_the_year_from_the_publication_line() -> None:
    text = "川南在线 发布时间:2022-12-04\n12月1日至2日,市委书记率队赴凉山州调研。"
    assert _date(text) == date(2022, 12, 1)


def test_it_puts_a_late_month_in_the_previous_year() -> None:
    text = "日报 2023年01月05日\n12月28日,两地召开联席会议。"
    assert _date(text) == date(2022, 12, 28)


def test_it_prefers_the_sentence_that_carries_the_event() -> None:
    text = (
        "发布时间:2016-09-02\n7月20日,有关方面召开会议。"
        "8月26日至27日,青岛市党政考察团赴菏泽市考察,出席青岛与菏泽扶贫协作座谈会。"
    )
    assert _date(text, [["青岛市", "青岛"], ["菏泽市", "菏泽"]]) == date(2016, 8, 26)


def test_it_infers_the_year_from_a_plan_period() -> None:
    assert _date("今年是脱贫攻坚收官之年。12月15日,记者获悉。") == date(2020, 12, 15)


def test_it_infers_the_year_from_an_anniversary_of_the_new_era() -> None:
    assert _date("3月23日,济南临夏召开联席会议。开展东西部协作三年来,成效明显。") == date(
        2024, 3, 23
    )


def test_it_takes_a_year_printed_in_the_event_sentence() -> None:
    assert _date("12月3日,2019年延边特色农产品展销周开幕。今年以来销售2.1亿元。") == date(
        2019, 12, 3
    )


def test_it_ignores_starting_years_and_plans() -> None:
    text = "7月3日,医疗队抵达。自2015年以来,累计选派专家186名。"
    assert _date(text) is None


def test_it_reads_relative_days_against_the_publication_date() -> None:
    assert _date("毕节日报 2022年9月2日\n昨日,实训楼交付使用。") == date(2022, 9, 1)


def test_it_skips_a_news_agency_dateline() -> None:
    text = "新华社贵阳9月6日电 9月5日,座谈会召开。会上签署了《2017年度对口帮扶合作协议》。"
    assert _date(text) == date(2017, 9, 5)


def test_it_finds_day_only_mentions_after_a_month() -> None:
    mentions = find_mentions("3月23日至24日,代表团考察。24日上午,联席会议召开。")
    assert [(m.month, m.day) for m in mentions] == [(3, 23), (3, 24)]


def test_it_gives_none_without_a_date() -> None:
    assert _date("日前,企业向村里捐赠帮扶资金50万元。") is None
    assert _date("在过去的一年,甲市与乙县深化交流。") is None
    assert publication_date(["没有日期的标题", "正文"]) is None


def test_it_reads_dates_in_chinese_numerals() -> None:
    assert _date("二〇二三年四月十二日,两地召开联席会议。") == date(2023, 4, 12)


def test_it_keeps_an_event_on_the_day_it_was_reported() -> None:
    text = "某某日报讯(记者 张某)2023年9月20日,某县产业园竣工投产仪式在某镇举行。"
    assert _date(text) == date(2023, 9, 20)
    # the publication line's own date is no date the text gives
    assert _date("发布时间:2023-04-14 09:32\n3月2日,某县召开会议。") == date(2023, 3, 2)


def test_it_reads_a_day_after_the_name_of_the_event() -> None:
    text = "新华社银川4月19日电 闽宁协作联席会议19日在银川召开,两省签署2023年度协议。"
    assert _date(text) == date(2023, 4, 19)


def test_the_day_a_story_was_filed_is_not_the_day_the_text_gives() -> None:
    text = "某州日报 2024-09-06\n本报和田9月5日讯(记者 某某)9月3日,两地召开协作座谈会。"
    assert _date(text) == date(2024, 9, 3)
    # with no other date, the filing day is the event's ("今天上午")
    text = "某省日报 2024-09-06\n本报和田9月5日讯(记者 某某)今天上午,两地召开协作座谈会。"
    assert _date(text) == date(2024, 9, 5)


def test_a_report_that_dates_nothing_is_dated_by_its_publication_line() -> None:
    assert _date("发布时间:2023-04-14 09:32\n日前,某县召开会议。") == date(2023, 4, 14)
    assert _date("某某网 2021-01-18 10:20 来源:某县融媒体\n近日,甲区与乙县签订协议。") == date(
        2021, 1, 18
    )
    assert _date("2023-01-30 16:56:55\n今天,两省开行返岗务工专列。") == date(2023, 1, 30)


def test_a_dateline_is_the_event_day_when_the_text_dates_nothing_in_the_week_before() -> None:
    text = (
        "某网北京4月28日消息 继4月8日甲市与乙区签署框架协议后,今天上午,两地再签下26个项目。"
        "4月8日,甲市党政代表团赴乙区考察。"
    )
    assert _date("2018-04-28 15:41\n" + text) == date(2018, 4, 28)


def test_a_date_long_before_the_dateline_is_mentioned_in_passing() -> None:
    text = (
        "某网昆明8月6日电 7月16日,甲乙扶贫协作第二十三次联席会议在某县举行。"
        "在8月5日召开的新闻发布会上,某州副州长介绍了帮扶成效。"
    )
    assert _date("2020-08-06 14:44\n" + text) == date(2020, 8, 5)


def test_a_day_the_reporter_learnt_something_is_read_with_the_dateline() -> None:
    text = "2018-12-14 来源:某社\n某社拉萨12月12日电 记者12日从发布会上获悉,累计实施项目3842个。"
    assert _date(text) == date(2018, 12, 12)
    mentions = find_mentions("4月28日消息 今天(28日)上午,两地签约。")
    assert [(m.month, m.day) for m in mentions] == [(4, 28), (4, 28)]


def test_a_summary_released_in_january_or_february_is_dated_the_year_after() -> None:
    text = "1月10日,记者从某省发展改革委获悉:2024年,两省携手深化协作,全年支持587个项目建设。"
    assert _date(text) == date(2025, 1, 10)
    text = "2月14日,记者从省发展改革委获悉:去年以来,两省推进协作。2021年,共实施项目1343个。"
    assert _date(text) == date(2022, 2, 14)
    # not when the year is this year's, nor for a later month
    assert _date("1月10日,2024年全省协作工作会议召开。") == date(2024, 1, 10)
    text = "2月27日,甲区与乙县签署《2024年度对口支援工作协议》,力争全年引进企业10家。"
    assert _date(text) == date(2024, 2, 27)
    text = "6月10日,记者获悉:2024年,两省携手深化协作,共支持587个项目建设。"
    assert _date(text) == date(2024, 6, 10)


def test_a_publication_date_the_file_gives_dates_a_text_that_prints_none() -> None:
    text = "5月11日,济南市党政代表团赴临夏州考察。"
    assert event_date(text, [text]) is None
    assert event_date(text, [text], published=date(2023, 5, 12)) == date(2023, 5, 11)
    # the text's own publication line comes first
    text = "发布时间:2022-05-12\n5月11日,代表团赴临夏州考察。"
    assert event_date(text, text.split("\n"), published=date(2023, 5, 12)) == date(2022, 5, 11)


def test_the_years_the_work_has_lasted_count_from_the_year_it_began() -> None:
    text = (
        "新华社重庆9月21日电 记者21日获悉,山东省三年来累计支持重庆市援建项目959个。"
        "2016年7月,两省市进一步加强扶贫协作。今年以来,引导企业投资2.87亿元。"
    )
    assert _date(text) == date(2019, 9, 21)


def test_a_january_report_telling_of_last_year_is_dated_the_year_after() -> None:
    text = "1月18日下午,9辆货车从甲县出发。在消费扶贫中,2020年乙区组织举办展销活动,设立33个专区。"
    assert _date(text) == date(2021, 1, 18)
    text = "1月18日下午,9辆货车从甲县出发。2020年,两地将举办展销活动。"
    assert _date(text) == date(2020, 1, 18)  # a plan for the year: it is this year


def test_a_span_of_days_after_a_dateline_begins_the_event() -> None:
    from xiezuo.news.clean import clean_text
    from xiezuo.news.extract import Reader

    text = "2023-06-16\n新华社昆明6月15日电 上海市党政代表团14日至15日在云南考察。"
    assert Reader.default().read(clean_text(text))["date"] == "2023-06-14"
