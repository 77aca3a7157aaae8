"""Cleaning: pinyin debris, punctuation, boilerplate, widths, scripts, alignment."""

from __future__ import annotations

from pathlib import Path

import pytest

from xiezuo.news.clean import (
    clean_file,
    clean_line,
    clean_text,
    decode_bytes,
    is_boilerplate,
    remove_pinyin,
    repair_punctuation,
)
from xiezuo.news.evaluate import cleaning_similarity


def test_it_removes_toned_pinyin_after_a_character() -> None:
    assert remove_pinyin("扶貧協(xié)作聯(lián)席會議") == "扶貧協作聯席會議"


def test_it_removes_toneless_pinyin_only_when_it_is_the_reading() -> None:
    assert remove_pinyin("協(xie)作") == "協作"
    assert remove_pinyin("協(an)作") == "協(an)作"


def test_it_removes_doubled_and_spaced_pinyin() -> None:
    assert remove_pinyin("協(xié)(xié)作") == "協作"
    assert remove_pinyin("協 (xié) 作") == "協作"
    assert remove_pinyin("協（xié）作") == "協作"
    assert remove_pinyin("協(xie2)作") == "協作"


def test_it_keeps_real_parentheses() -> None:
    for text in (
        "阿石拉比(左二)陪同",
        "6所高(职)中学校",
        "在AI豆(AI)数字产业园",
        "协议(2023—2025年)",
    ):
        assert remove_pinyin(text) == text


def test_it_keeps_the_space_before_a_number_after_pinyin() -> None:
    assert remove_pinyin("四川日報(bào) 2018年") == "四川日報 2018年"


def test_it_repairs_doubled_punctuation() -> None:
    assert repair_punctuation("6月2日至3日,,广东省委书记") == "6月2日至3日,广东省委书记"
    assert repair_punctuation("凉山州,、甘孜州") == "凉山州、甘孜州"
    assert repair_punctuation("交流,。四川") == "交流。四川"
    assert repair_punctuation("好。。") == "好。"
    assert repair_punctuation("这是……省略——破折") == "这是……省略——破折"


def test_the_headlines_under_a_sidebars_header_are_emptied() -> None:
    text = (
        "5月11日,青岛市党政代表团赴陇南市考察。\n热点新闻\n宁波市与凉山州召开东西部协作联席会议\n\n"
        "广州市向毕节市交付帮扶资金1.2亿元 2023-05-12\n版权所有:某某网"
    )
    assert clean_text(text).original == [
        "5月11日,青岛市党政代表团赴陇南市考察。", "热点新闻", "", "", "", ""]
    # a header's word alone (最新) opens no list: the sentence after it stays
    assert clean_text("最新进展\n两地签约项目12个").original[1] == "两地签约项目12个"


def test_a_paragraph_printed_twice_is_read_once() -> None:
    paragraph = "2023年,江苏省投入财政援助资金5.57亿元,实施项目120个。"
    report = clean_text(f"标题\n{paragraph}\n其后一段。\n{paragraph}\n标题")
    assert report.original == ["标题", paragraph, "其后一段。", "", "标题"]


def test_it_closes_spaced_punctuation() -> None:
    text = "普陀区援滇干部 , 还有很多 。 2018年8月 , 他的身份变为副县长 ; 见 、 闻"
    closed = "普陀区援滇干部,还有很多。2018年8月,他的身份变为副县长;见、闻"
    assert repair_punctuation(text) == closed
    assert clean_text("援滇干部 , 还有很多 。").original == ["援滇干部,还有很多。"]
    assert repair_punctuation("来源: 新华社 2021-01-18") == "来源: 新华社 2021-01-18"


def test_it_drops_site_chrome() -> None:
    for line in (
        "当前位置:郓城信息港 > 网站新闻 > 热点聚焦 > 标题",
        "责任编辑:李明",
        "相关评论我来说两句",
        "网站简介 广告服务 联系我们 网站帮助 友情链接 网站地图",
        "© 某某信息港 鲁ICP备18022462号-1",
        "关注川南在线网微信公众号",
        "长按或扫描二维码 ,获取更多最新资讯",
        "【打印本页】【关闭窗口】",
    ):
        assert is_boilerplate(line), line
    # a closing source credit in brackets is kept, as most annotators keep it
    assert not is_boilerplate("(来源:川江号 本文记者:朱虹 李独懿)")


def test_it_keeps_publication_lines_and_body() -> None:
    for line in (
        "川南在线 发布时间:2022-12-04",
        "四川日报 2018年06月04日",
        "来源:甘肃日报 2023-05-27",
        "6月26日,济南市党政代表团赴湘西州考察。",
    ):
        assert not is_boilerplate(line), line


def test_it_tidies_view_counters_and_empty_brackets() -> None:
    line = "发布时间:2016-09-02 22:52:59   来源:青岛网络广播电视台  浏览:   【】【】【"
    assert clean_line(line) == "发布时间:2016-09-02 22:52:59 来源:青岛网络广播电视台"


def test_it_normalises_widths_but_keeps_chinese_punctuation() -> None:
    assert (
        clean_line("２０２３年，投入资金１２０万元。“好”、《协议》")
        == "2023年,投入资金120万元。“好”、《协议》"
    )


def test_it_keeps_line_k_as_line_k() -> None:
    raw = "标题\n责任编辑:张三\n正文第一段。\n\n分享到微信\n正文第二段。"
    report = clean_text(raw)
    assert len(report.simplified) == len(raw.split("\n"))
    assert report.simplified == ["标题", "", "正文第一段。", "", "", "正文第二段。"]


def test_it_converts_to_simplified_and_keeps_the_original() -> None:
    report = clean_text("濟南市黨政代表團到甘肅臨夏考察對接東西部協作工作")
    assert report.simplified == ["济南市党政代表团到甘肃临夏考察对接东西部协作工作"]
    assert report.original == ["濟南市黨政代表團到甘肅臨夏考察對接東西部協作工作"]


def test_it_reads_gbk_and_utf8_bytes() -> None:
    text = "东西部协作联席会议"
    assert decode_bytes(text.encode("gb18030")) == text
    assert decode_bytes(text.encode("utf-8-sig")) == text
    assert decode_bytes(b"\xff\xfe\x00") != ""


def test_it_cleans_the_damaged_test_reports_closely(reports_dir: Path) -> None:
    scores = []
    for reference in sorted(reports_dir.glob("*.clean.txt")):
        report = clean_file(reference.with_name(reference.name.replace(".clean.txt", ".txt")))
        lines = reference.read_text(encoding="utf-8").rstrip("\n").split("\n")
        scores.append(cleaning_similarity(report.simplified, lines))
    assert len(scores) >= 10
    assert sum(scores) / len(scores) >= 0.97


def test_the_whole_text_path_equals_the_line_path(reports_dir: Path) -> None:
    from xiezuo.news.lexicon import to_simplified

    for path in sorted(reports_dir.glob("0[0-2]*.txt")):  # (no line there depends on another)
        raw = path.read_text(encoding="utf-8")
        report = clean_text(raw)
        assert report.original == [clean_line(line) for line in raw.split("\n")], path.name
        assert report.simplified == [to_simplified(clean_line(line)) for line in raw.split("\n")]


def test_it_empties_more_site_and_wechat_chrome() -> None:
    for line in (
        "相关链接:某省人民政府 | 某州人民政府 | 中国政府网",
        "主办单位:某县人民政府办公室 地址:某县某镇 电话:0930-1234567",
        "[打印] [关闭] [字号:大 中 小]",
        "【广告】加微信领取资料,名额有限!",
        "点击蓝字 关注我们",
        "编辑 | 陈某 审核 | 徐某",
        "【免责声明】本站转载内容仅供参考,如有侵权请联系删除",
        "推荐阅读:某某养生秘诀,看完少走十年弯路!",
        "本文转载自某某日报,仅代表原作者观点。",
        "某县发布 ◁ 点击关注",
        "阅读原文 在看 点赞",
        "【编辑:某某】",
        "分享 · 收藏 · 点赞 · 在看",
        "阅读原文",
        "— END —",
    ):
        assert is_boilerplate(line), line
    assert not is_boilerplate("群众纷纷点赞,协作成果看得见。")


def test_the_faster_chrome_search_finds_what_one_pattern_found() -> None:
    # the case-blind part needs a "c" in the line; these hold one in either case
    assert is_boilerplate("COPYRIGHT 2023 某某网") and is_boilerplate("京icp备12345678号")
    assert not is_boilerplate("ICP 产业协作签约")  # no 备/证 after the letters


def test_a_publication_line_loses_its_page_widgets_and_keeps_its_text() -> None:
    for raw, kept in (
        (
            "发布时间：2024-01-05 10:00  来源：某县融媒体中心  字号：[大 中 小]",
            "发布时间:2024-01-05 10:00 来源:某县融媒体中心",
        ),
        (
            "发布日期：2022-05-01  信息来源：某县人民政府  【字体：大 中 小】",
            "发布日期:2022-05-01 信息来源:某县人民政府",
        ),
        (
            "2023-11-02 08:15  来源：某某日报  作者：记者 王某  字体：大 中 小",
            "2023-11-02 08:15 来源:某某日报",
        ),
        ("来源：某市政府网 2021-06-30 [打印] [关闭]", "来源:某市政府网 2021-06-30"),
    ):
        assert clean_line(raw) == kept
        assert clean_text("标题\n" + raw).simplified[1] == kept
    assert clean_line("[打印] [关闭] [字号:大 中 小]") == ""
    assert clean_line("当前位置:首页 > 新闻 > 正文 字号:[大 中 小]") == ""


def test_it_drops_portal_navigation_bars() -> None:
    for line in (
        "某某县人民政府门户网站  |  无障碍浏览  |  长者模式",
        "English | 繁体 | 简体",
        "某某在线 | 首页 | 时政 | 经济 | 区县 | 乡村振兴 | 视频 | 专题",
        "某某日报 | 某某新闻网 | 某某传媒网",
        "无障碍阅读 长者模式",
    ):
        assert is_boilerplate(line), line
    for line in (
        "来源:某某日报 | 2023-12-20 07:45 | 作者:王某",  # a publication line
        "鲁藏协作|济南援建某县蔬菜大棚项目通过竣工验收",
        "产业、就业、消费三项工作同步推进,效果明显。",
    ):
        assert not is_boilerplate(line), line


def test_it_drops_injected_advertising() -> None:
    for line in (
        "【推荐】足不出户 日赚500 手机兼职 加微信 ab1234 咨询",
        "专业代办各类证照 诚信经营 电话:139 0000 0000",
    ):
        assert is_boilerplate(line), line
    assert not is_boilerplate("该县组织农村劳动力外出务工,每人每月收入四千元以上。")


def test_a_source_line_is_kept_in_the_header_and_at_the_foot() -> None:
    """Most annotators keep a closing credit of the source, as they keep it under the title."""
    raw = "两地签订协作协议\n来源：某县融媒体中心\n" + "正文。" * 30 + "\n来源：某县融媒体中心"
    report = clean_text(raw)
    assert report.simplified[1] == "来源:某县融媒体中心"
    assert report.simplified[3] == "来源:某县融媒体中心"
    assert clean_line("来源 | 某市东西部协作办") == "来源 | 某市东西部协作办"


def test_it_removes_doubled_spaced_pinyin_without_a_space() -> None:
    assert remove_pinyin("每年为村集体经济增收(shōu) (shōu)52万元") == "每年为村集体经济增收52万元"
    assert remove_pinyin("四川日報(bào) 2018年") == "四川日報 2018年"


def test_a_publication_line_keeps_outlet_date_and_source_only() -> None:
    """Counters, credits and a WeChat header's place go, as most annotators drop them; the
    paper's page stays (annotators split on it)."""
    for raw, kept in (
        ("发布时间：2023-04-14 09:32  来源：某县乡村振兴局  浏览次数：1286",
         "发布时间:2023-04-14 09:32 来源:某县乡村振兴局"),
        ("2023-04-15 08:12　　阅读：1523", "2023-04-15 08:12"),
        ("发布时间:2023-01-01 浏览: 【】", "发布时间:2023-01-01"),
        ("发布时间：2024-03-22 来源：乡村振兴工作办公室 作者：周某 审核：刘某",
         "发布时间:2024-03-22 来源:乡村振兴工作办公室"),
        ("某某日报 2024年04月18日 作者:本报记者 赵某", "某某日报 2024年04月18日"),
        ("某县融媒 2024-02-27 18:05 发表于宁夏", "某县融媒 2024-02-27 18:05"),
        ("某县发布 2020-09-10 08:15 湖北", "某县发布 2020-09-10 08:15"),
        ("2023-01-06 10:42:18 来源：某某日报 作者：陈某 点击：3392",
         "2023-01-06 10:42:18 来源:某某日报"),
        ("某某日报 2022年07月20日 第01版：要闻", "某某日报 2022年07月20日 第01版:要闻"),
    ):
        assert clean_line(raw) == kept, raw
    body = "2023年9月20日,协作推进会召开,作者:李某的报告阅读量:3000次。"
    assert clean_line(body) == body  # a sentence of the body is no publication line


def test_it_empties_gambling_spam_and_search_bars() -> None:
    for line in (
        "新葡京线上娱乐 注册即送58元彩金 www.example.com",
        "百家乐真人娛樂城 首充返利",
        "热门搜索: 东西部协作 乡村振兴 消费帮扶",
    ):
        assert is_boilerplate(line), line
    assert not is_boilerplate("两地在粤港澳大湾区举办农产品展销会,推动消费帮扶。")
    assert not is_boilerplate("该县发放乡村振兴贷款,搜索就业岗位信息的群众增多。")


def _lose_a_byte(text: str, start: int, length: int) -> str:
    """``text`` with the lead byte of ``text[start]`` lost in GB 18030, decoded with U+FFFD."""
    raw = text[start : start + length].encode("gb18030")
    return text[:start] + raw[1:].decode("gb18030", errors="replace") + text[start + length :]


def test_a_run_decoded_with_replacement_characters_is_read_as_one_with_question_marks() -> None:
    text = "医疗队在当地开展义诊活动，接诊群众五百余人次，深受好评。"
    damaged = _lose_a_byte(text, 5, 9)
    assert "\ufffd" in damaged and "?" not in damaged
    questioned = damaged.replace("\ufffd", "?")
    cleaned = "医疗队在当地开展义诊活动,接诊群众五百余人次,深受好评。"
    assert clean_line(damaged) == clean_line(questioned) == cleaned
    assert clean_text(damaged).simplified == [cleaned]


def test_a_space_written_only_before_the_note_goes_with_it() -> None:
    assert remove_pinyin("推进对口支援 (yuán)海北州建设") == "推进对口支援海北州建设"
    assert remove_pinyin("四川日報(bào) 2018年") == "四川日報 2018年"  # a space after stays


def test_a_note_whose_toned_vowel_was_lost_goes() -> None:
    assert clean_line("地震后第一时间驰援(yu\ufffdn)灾区") == "地震后第一时间驰援灾区"
    assert clean_line("落实援 (yu?n)藏项目") == "落实援藏项目"
    for kept in ("这是什么(?)", "问题(a?b)仍在", "他问(why?)"):
        assert remove_pinyin(kept) == kept


def test_a_bare_print_link_after_the_font_widget_goes() -> None:
    line = "发布日期：2023-01-05  来源：某县融媒体中心  【字体：大 中 小】  打印"
    assert clean_line(line) == "发布日期:2023-01-05 来源:某县融媒体中心"
    assert clean_line("学员学习3D 打印") == "学员学习3D 打印"


def test_site_recruiting_spam_is_emptied() -> None:
    assert clean_line("★ 本站招募地方站长,月入过万,详情咨询客服 ★") == ""


def test_the_items_of_a_related_links_list_are_emptied() -> None:
    raw = "正文一段。\n相关阅读：\n· 某市召开推进会\n• 某县签约5个项目\n\n末段。\n· 末尾的要点"
    assert clean_text(raw).simplified == ["正文一段。", "", "", "", "", "末段。", "· 末尾的要点"]


@pytest.mark.parametrize(("damaged", "clean"), [
    ("财政?(bang)扶资金到位", "财政帮扶资金到位"),
    ("双方签订协?(zuo)协议", "双方签订协作协议"),
    ("推进乡村振?(xing)工作", "推进乡村振兴工作"),
])
def test_a_character_lost_as_a_question_mark_comes_back_from_its_pinyin_note(damaged, clean):
    assert clean_line(damaged) == clean


def test_a_question_mark_before_a_note_that_is_no_reading_stays() -> None:
    assert clean_line("他问:为什么?(why)") == "他问:为什么?(why)"


@pytest.mark.parametrize("line", [
    "泾源县人民政府 首页 新闻中心 政务公开 政务服务 互动交流",
    "某某市乡村振兴局 首页 机构概况 政策文件 工作动态 办事服务",
    "附件:",
])
def test_a_portal_menu_after_the_site_name_and_a_bare_attachment_label_are_chrome(line):
    assert is_boilerplate(line)


def test_a_sentence_with_spaces_is_no_menu() -> None:
    assert not is_boilerplate("会议强调 要 做好 协作 工作")
    assert not is_boilerplate("临夏回族自治州人民政府 2024年3月18日 发布")


@pytest.mark.parametrize(("raw", "kept"), [
    ("2022-11-03 11:26:40   来源：某某日报   作者：某某  字号：T | T",
     "2022-11-03 11:26:40 来源:某某日报"),
    ("发布日期：2022-01-18  来源：市乡村振兴局  【大】【中】【小】  分享到：",
     "发布日期:2022-01-18 来源:市乡村振兴局"),
    ("2024年03月29日 07:52  来源：某某日报  记者 高某 通讯员 鲁某",
     "2024年03月29日 07:52 来源:某某日报"),
    ("（来源：某某日报 2024年7月9日）", "(来源:某某日报 2024年7月9日)"),
])
def test_a_publication_line_loses_the_chrome_at_its_end_not_its_outlet_and_date(raw, kept):
    assert clean_line(raw) == kept
    assert clean_text("标题\n" + raw).simplified[1] == kept


def test_a_portal_s_name_alone_and_a_print_button_are_chrome() -> None:
    assert is_boilerplate("某州人民政府门户网站")
    assert is_boilerplate("【打印此页】")
    assert not is_boilerplate("某州人民政府门户网站改版上线,新增协作专栏。")


def test_variant_characters_that_opencc_keeps_are_simplified_too() -> None:
    assert clean_text("蘇陜協作").simplified == ["苏陕协作"]
    assert clean_text("蘇陜協作").original == ["蘇陜協作"]


def test_a_line_of_chrome_keeps_the_publication_date_it_holds() -> None:
    for line, kept in (
        ("当前位置:首页 > 汽车 > 正文 2021-01-18", "2021-01-18"),
        ("编辑:李四 2021-01-18", "2021-01-18"),
        ("首页 > 资讯 > 发布时间:2021-01-18 09:12 作者:admin", "发布时间:2021-01-18 09:12"),
        ("分享到: 2021-01-18 来源:某县融媒体中心", "2021-01-18 来源:某县融媒体中心"),
    ):
        assert clean_line(line) == kept
        assert clean_text(line + "\n近日,甲区与乙县签订协议。").simplified[0] == kept
    assert clean_line("责任编辑:张三") == ""
