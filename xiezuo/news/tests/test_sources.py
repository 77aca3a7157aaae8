"""Report files as people hand them in: text, saved web pages, Word documents, PDF."""

from __future__ import annotations

import io
from datetime import date

import pytest

from xiezuo.news.sources import UnreadableUpload, publication, read_upload

PAGE = """<!DOCTYPE html>
<!-- saved from url=(0052)https://news.example.cn/2023/0512/c1001-123456.html -->
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>济南市党政代表团赴临夏州考察_某某新闻网</title>
<meta name="PubDate" content="2023-05-12 09:30">
<script>var ad = "不是正文";</script><style>p {color: red}</style>
</head><body>
<div class="nav"><a href="/">首页</a> <a href="/news">新闻</a></div>
<h1>济南市党政代表团赴临夏州考察</h1>
<div class="info">2023-05-12 09:30 来源:临夏日报</div>
<div class="text"><p>5月11日,济南市党政代表团赴临夏州考察。</p>
<p>会上,两地签订了劳务协作协议。<br>双方表示将深化协作。</p></div>
</body></html>"""


def test_a_saved_web_page_gives_its_text_title_outlet_date_and_address() -> None:
    upload = read_upload("page.html", PAGE.encode("gb18030"))
    assert upload.title == "济南市党政代表团赴临夏州考察"
    assert upload.outlet == "某某新闻网"
    assert upload.published == date(2023, 5, 12)
    assert upload.url == "https://news.example.cn/2023/0512/c1001-123456.html"
    lines = upload.text.split("\n")
    assert "5月11日,济南市党政代表团赴临夏州考察。" in lines
    assert "双方表示将深化协作。" in lines  # a <br> breaks the line
    assert "2023-05-12 09:30 来源:临夏日报" in lines
    assert "不是正文" not in upload.text and "color" not in upload.text


def test_a_page_names_its_outlet_and_address_in_meta_tags_and_the_canonical_link() -> None:
    page = (
        '<html><head><title>标题 - 门户</title>'
        '<meta property="og:title" content="两地签约">'
        '<meta property="og:site_name" content="某省日报">'
        '<meta property="article:published_time" content="2024-03-30T10:00:00+08:00">'
        '<link rel="canonical" href="https://example.cn/a.html"></head>'
        "<body><p>3月30日,两地签约。</p></body></html>"
    )
    upload = read_upload("a.htm", page.encode())
    assert (upload.title, upload.outlet, upload.published, upload.url) == (
        "两地签约", "某省日报", date(2024, 3, 30), "https://example.cn/a.html")


def test_a_pages_lists_of_links_to_other_pages_are_no_text_of_its_own() -> None:
    page = (
        "<html><body><ul><li><a>首页</a></li><li><a>新闻中心</a></li></ul>"
        "<p>5月11日,青岛市党政代表团赴陇南市考察。</p>"
        "<ol><li>一是产业协作,<a>详见</a>附件。</li><li>二是劳务协作。</li></ol>"
        "<div><h3>看点</h3><ul><li><a>宁波市与凉山州召开东西部协作联席会议</a></li>"
        "<li><a>广州市向毕节市交付帮扶资金1.2亿元</a> <span>05-12</span></li></ul>"
        "<ul><li><a href='#'>福建省向宁夏捐赠物资</a></li></ul></div>"
        "<div class='side'><a>东莞市向铜仁市捐赠</a><br><a>宁波市帮助凉山州</a></div>"
        "<div>当前位置:<a>首页</a> &gt; <a>要闻</a> 2023-05-12</div></body></html>"
    )
    lines = read_upload("a.html", page.encode()).text.split("\n")
    assert [line for line in lines if line] == [
        "5月11日,青岛市党政代表团赴陇南市考察。",
        "一是产业协作,详见附件。",
        "二是劳务协作。",
        "看点",
        "当前位置:首页 > 要闻 2023-05-12",  # (its date dates a report that prints none)
    ]


def test_a_text_file_gives_its_outlet_and_date_from_the_publication_line() -> None:
    text = "京蒙签下扶贫投资订单\n2018-04-28 15:41:00 来源:央广网\n央广网北京4月28日消息…"
    upload = read_upload("a.txt", text.encode())
    assert (upload.outlet, upload.published) == ("央广网", date(2018, 4, 28))
    assert publication(["川南在线 发布时间:2022-12-04"]) == ("川南在线", date(2022, 12, 4))
    assert publication(["2024-03-31 09:38 江苏广电总台·融媒体新闻中心"]) == (
        "江苏广电总台·融媒体新闻中心", date(2024, 3, 31))
    assert publication(["没有日期的标题", "正文。"]) == ("", None)


def test_a_word_document_gives_its_paragraphs_and_tables() -> None:
    import docx

    document = docx.Document()
    document.core_properties.title = "两地签订协议"
    document.add_paragraph("发布时间:2023-05-12 来源:临夏日报")
    document.add_paragraph("5月11日,济南市与临夏州签订劳务协作协议。")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "资金"
    table.rows[0].cells[1].text = "3.2亿元"
    buffer = io.BytesIO()
    document.save(buffer)
    upload = read_upload("a.docx", buffer.getvalue())
    assert upload.title == "两地签订协议"
    assert upload.published == date(2023, 5, 12) and upload.outlet == "临夏日报"
    assert upload.text.split("\n") == [
        "发布时间:2023-05-12 来源:临夏日报",
        "5月11日,济南市与临夏州签订劳务协作协议。",
        "资金 3.2亿元",
    ]


def test_a_pdf_gives_its_text() -> None:
    from weasyprint import HTML

    pdf = HTML(string=(
        '<html><head><meta charset="utf-8"><title>联席会议召开</title></head>'
        '<body style="font-family: WenQuanYi Micro Hei, sans-serif">'
        "<p>发布时间:2022-06-30</p><p>6月29日,两省区召开东西部协作联席会议。</p></body></html>"
    )).write_pdf()
    upload = read_upload("a.pdf", pdf)
    assert "6月29日,两省区召开东西部协作联席会议。" in upload.text.replace(" ", "")
    assert upload.published == date(2022, 6, 30)
    assert upload.title == "联席会议召开"


def test_a_pdf_gives_its_paragraphs_whole() -> None:
    # the page breaks a paragraph's lines where its width ends, in a name or a figure: the
    # lines that run to the edge without ending a sentence go on in the next
    from weasyprint import HTML

    paragraph = (
        "2019年,他组织寻甸特色农产品商赴上海进行展销,累计实现销售93万元,直接受益农户1071人。"
        "同样来自普陀区、目前挂职昆明市禄劝彝族苗族自治县县委常委、副县长的邢军善,"
        "在当地扎实推进就业扶贫工作,成功转移建档立卡贫困劳动力到上海就业53人。"
    )
    pdf = HTML(string=(
        '<html><head><meta charset="utf-8"></head>'
        '<body style="font-family: WenQuanYi Micro Hei, sans-serif; font-size: 11pt">'
        f"<p>沪滇帮扶协作还在不断演绎新的精彩</p><p>{paragraph}</p><p>江水奔流,山海相牵。</p>"
        "</body></html>"
    )).write_pdf()
    lines = read_upload("a.pdf", pdf).text.split("\n")
    assert [line.replace(" ", "") for line in lines] == [
        "沪滇帮扶协作还在不断演绎新的精彩", paragraph, "江水奔流,山海相牵。"]


# without indents, a full line that ends a sentence may end its paragraph (and is taken so):
# the paragraphs there hold no full stop before their end
@pytest.mark.parametrize(("indent", "stop"), [("0", ","), ("2em", "。")])
def test_a_pdf_paragraph_runs_on_across_a_page_and_indented_paragraphs_stay_apart(
    indent: str, stop: str,
) -> None:
    from weasyprint import HTML

    paragraphs = [
        f"2019年,他组织寻甸特色农产品商赴上海进行展销,累计实现销售93万元{stop}" * 5 + "共六次。",
        f"2018年8月,他的身份从桃浦镇党委委员、副镇长变为寻甸县副县长{stop}" * 2 + "至今。",
        "江水奔流,山海相牵。",
    ]
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    pdf = HTML(string=(
        '<html><head><meta charset="utf-8"><style>@page { size: 100mm 50mm; margin: 8mm }'
        f"p {{ text-indent: {indent}; margin: 0 }}</style></head>"
        '<body style="font-family: WenQuanYi Micro Hei, sans-serif; font-size: 10pt">'
        f"{body}</body></html>"
    )).write_pdf()
    assert len(pdfium_pages(pdf)) > 1
    lines = read_upload("a.pdf", pdf).text.split("\n")
    assert [line.replace(" ", "") for line in lines if line] == paragraphs


def test_a_centred_heading_does_not_make_a_page_indented() -> None:
    # twenty characters a line: the first paragraph fills two lines and ends a sentence at
    # the edge; on a page that does not indent, that ends it, heading or not
    from weasyprint import HTML

    first = "甲市与乙州召开东西部协作联席会议双方签订协议共同推进产业合作劳务协作和消费帮扶。"
    assert len(first) == 40  # two lines of twenty
    second = "会后代表团考察了协作项目。"
    pdf = HTML(string=(
        '<html><head><meta charset="utf-8"><style>p, h1 { margin: 0 }</style></head>'
        '<body style="font-family: WenQuanYi Micro Hei, sans-serif; font-size: 10pt">'
        '<div style="width: 200pt"><h1 style="text-align: center; font-size: 12pt">会议召开</h1>'
        f"<p>{first}</p><p>{second}</p></div></body></html>"
    )).write_pdf()
    lines = read_upload("a.pdf", pdf).text.split("\n")
    assert [line.replace(" ", "") for line in lines if line] == ["会议召开", first, second]


def pdfium_pages(pdf: bytes) -> list[object]:
    import pypdfium2 as pdfium

    return list(pdfium.PdfDocument(pdf))


@pytest.mark.parametrize(("name", "data"), [
    ("a.xls", b"whatever"),
    ("broken.pdf", b"%PDF-1.4 not really"),
    ("broken.docx", b"PK not a zip"),
    ("empty.html", b"<html><body> </body></html>"),
    ("big.txt", b"x" * (2 * 1_048_576 + 1)),
])
def test_what_is_no_report_is_refused(name: str, data: bytes) -> None:
    with pytest.raises(UnreadableUpload):
        read_upload(name, data)
