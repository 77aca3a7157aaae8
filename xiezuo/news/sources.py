"""Reports as people hand them in: a text file, a saved web page, a Word document, a PDF.

``read_upload(name, data)`` gives the report's text, line by line as the reader wants it,
and what the file says of where the report comes from: its title, the outlet, the
publication date and the page's address. A saved web page says most (``<title>``, the
``og:``/``article:`` and the Chinese government sites' ``ArticleTitle``/``PubDate``/
``ContentSource`` meta tags, the canonical link, the ``saved from url`` note browsers
write); for the other kinds, and where the page is silent, the publication line of the
text itself (``来源:某某网 2024-03-31``) gives outlet and date.

Plain Python: lxml for HTML, python-docx for Word, pypdfium2 for PDF.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, replace
from datetime import date
from pathlib import PurePath
from typing import Any

SUFFIXES = (".txt", ".html", ".htm", ".docx", ".pdf")
TEXT_LIMIT = 2 * 1_048_576  # a text or a page
FILE_LIMIT = 10 * 1_048_576  # a Word document or a PDF (images weigh)


class UnreadableUpload(ValueError):
    """The file is not a report this reader can take (kind, size or content)."""


@dataclass(frozen=True)
class Upload:
    """A report's text and what its file says of where it comes from."""

    text: str
    title: str = ""
    outlet: str = ""
    published: date | None = None
    url: str = ""


def suffix(name: str) -> str:
    return PurePath(name).suffix.lower()


def accepts(name: str) -> bool:
    return suffix(name) in SUFFIXES


def limit(name: str) -> int:
    return FILE_LIMIT if suffix(name) in (".docx", ".pdf") else TEXT_LIMIT


def read_upload(name: str, data: bytes) -> Upload:
    """The report in ``data`` (a file called ``name``); ``UnreadableUpload`` if it is none."""
    kind = suffix(name)
    if kind not in SUFFIXES:
        raise UnreadableUpload(f"not a report file: {name}")
    if len(data) > limit(name):
        raise UnreadableUpload(f"too large: {name}")
    try:
        if kind in (".html", ".htm"):
            upload = _from_html(data)
        elif kind == ".docx":
            upload = _from_docx(data)
        elif kind == ".pdf":
            upload = _from_pdf(data)
        else:
            from xiezuo.news.clean import decode_bytes

            upload = Upload(decode_bytes(data))
    except UnreadableUpload:
        raise
    except Exception as exc:  # a broken file of the kind: the libraries raise their own
        raise UnreadableUpload(f"unreadable {kind} file: {name}") from exc
    # NUL characters mean nothing in a report, and PostgreSQL's text cannot hold them
    upload = Upload(upload.text.replace("\x00", ""), upload.title.replace("\x00", ""),
                    upload.outlet.replace("\x00", ""), upload.published,
                    upload.url.replace("\x00", ""))
    if not upload.text.strip():
        raise UnreadableUpload(f"no text in {name}")
    return _completed(upload)


# ------------------------------------------------------------------ what the text says

URL = re.compile(r"https?://[^\s\"'<>()（）,，。]+")
_DATE = re.compile(
    r"(?P<y>(?:19|20)\d{2})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})"
)
_SOURCE = re.compile(
    r"(?:来源|來源|信息来源|文章来源|稿件来源|出处)\s*[:：]\s*(?P<outlet>[^\s|｜:：]{2,30})"
)
_OUTLET_BEFORE = re.compile(  # 川南在线 发布时间:2022-12-04
    r"^(?P<outlet>[^\s\d:：|｜]{2,20})\s+(?:发布时间|發布時間|发布日期|日期|时间|\d{4})"
)
_OUTLET_AFTER = re.compile(  # 2024-03-31 09:38 江苏广电总台·融媒体新闻中心
    r"^\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?"
    r"\s+(?P<outlet>[^\s\d:：|｜]{2,30})$"
)
HEADER_LINES = 8


def publication(lines: list[str]) -> tuple[str, date | None]:
    """The outlet and the date of the report's publication line, from its first lines."""
    outlet, published = "", None
    for line in [ln.strip() for ln in lines if ln.strip()][:HEADER_LINES]:
        if len(line) > 90 or "。" in line:
            continue
        found = _DATE.search(line)
        source = _SOURCE.search(line) or _OUTLET_BEFORE.match(line) or _OUTLET_AFTER.match(line)
        if found and published is None:
            published = _day(found)
        if source and not outlet and not URL.match(source["outlet"]):
            outlet = source["outlet"]
        if published is not None and outlet:
            break
    return outlet, published


def _day(match: re.Match[str]) -> date | None:
    try:
        return date(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError:
        return None


def _completed(upload: Upload) -> Upload:
    """The upload with what its own text says where its file said nothing."""
    lines = upload.text.split("\n")
    outlet, published = publication(lines)
    url = upload.url
    if not url:
        head = "\n".join(lines[:HEADER_LINES] + lines[-HEADER_LINES:])
        found = URL.search(head)
        url = found.group() if found else ""
    return replace(
        upload,
        outlet=upload.outlet or outlet,
        published=upload.published or published,
        url=url[:500],
        title=upload.title[:300],
    )


# ------------------------------------------------------------------ saved web pages

BLOCKS = frozenset(
    "p div br li ul ol h1 h2 h3 h4 h5 h6 tr table section article header footer nav aside "
    "dd dt dl blockquote pre form figure figcaption center hr main".split()
)
DROPPED = ("script", "style", "noscript", "template", "svg", "iframe", "object", "select")
_SAVED_FROM = re.compile(rb"saved from url=\(\d+\)(?P<url>https?://[^\s>]+)")
_TITLE_SPLIT = re.compile(r"\s*(?:_|\s[-|｜—]\s|｜|\|)\s*")
META_TITLE = ("ArticleTitle", "og:title", "twitter:title", "title")
META_OUTLET = ("ContentSource", "og:site_name", "SiteName", "source", "author")
META_DATE = (
    "PubDate", "article:published_time", "publishdate", "pubdate", "publish_date",
    "datePublished", "og:release_date", "date", "DC.date",
)
META_URL = ("og:url", "twitter:url")


_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?(?P<charset>[\w-]+)""", re.IGNORECASE)


def _decode_page(data: bytes) -> str:
    """The page's text in the encoding its meta tag names, else UTF-8 or GB 18030."""
    from xiezuo.news.clean import decode_bytes

    named = _CHARSET.search(data[:4096])
    if named:
        charset = named["charset"].decode("ascii").lower()
        if charset in ("gb2312", "gbk", "x-gbk"):
            charset = "gb18030"  # the superset: pages labelled GB2312 use GBK characters
        try:
            return data.decode(charset, errors="replace").lstrip("\ufeff")
        except LookupError:
            pass
    return decode_bytes(data)


def _from_html(data: bytes) -> Upload:
    from lxml import html as lxml_html

    page = re.sub(r"^\s*<\?xml[^>]*\?>", "", _decode_page(data))  # lxml wants no declaration
    document = lxml_html.document_fromstring(page)
    meta = _meta(document)
    saved = _SAVED_FROM.search(data[:2000])
    canonical = document.xpath("//link[@rel='canonical']/@href")
    url = (canonical[0] if canonical else "") or _first(meta, META_URL) or (
        saved["url"].decode("ascii", "replace") if saved else "")
    page_title = (document.findtext(".//title") or "").strip()
    title = _first(meta, META_TITLE) or page_title
    outlet = _first(meta, META_OUTLET)
    if title == page_title and not _first(meta, META_TITLE):
        parts = [p for p in _TITLE_SPLIT.split(page_title) if p]
        if len(parts) > 1:  # "标题_新华网", "标题 - 人民网": the page names its outlet last
            title, outlet = parts[0], outlet or parts[-1]
    published = None
    for value in [_first(meta, META_DATE), *document.xpath("//time/@datetime")]:
        found = _DATE.search(value or "")
        if found and (published := _day(found)):
            break
    for element in document.xpath("|".join(f"//{tag}" for tag in DROPPED)):
        element.drop_tree()
    for element in _link_lists(document):
        element.drop_tree()
    body = document.body if document.find("body") is not None else document
    for element in body.iter():
        if isinstance(element.tag, str) and element.tag.lower() in BLOCKS:
            element.tail = "\n" + (element.tail or "")
            if element.tag.lower() != "br":
                element.text = "\n" + (element.text or "")
    text = _lines(body.text_content())
    return Upload(text, title=title.strip(), outlet=outlet.strip(), published=published,
                  url=url.strip())


LINKED_ITEMS = 0.8  # of a list's items: a list of links
LINKED_TEXT = 0.5  # of an item's text inside its links: a link (a headline and its date)


def _link_lists(document: Any) -> list[Any]:
    """The lists of links to other pages (a sidebar's headlines, related reading, a menu):
    lists most of whose items are links (half an item's text or more inside its links: a
    headline and its date), one item alone included, and blocks of two links or more with no
    paragraph of their own whose text is mostly theirs. Another page's headline names other
    places, people and figures: none of them are this report's."""
    found = []
    for listing in document.xpath("//ul|//ol"):
        items = listing.xpath("./li")
        linked = 0
        for item in items:
            text = item.text_content().strip()
            link_text = "".join(a.text_content() for a in item.xpath(".//a")).strip()
            linked += bool(text) and len(link_text) >= LINKED_TEXT * len(text)
        if items and linked >= LINKED_ITEMS * len(items):
            found.append(listing)
    # a block of links alone (<a>…</a><br><a>…</a>), with no paragraph of its own
    for block in document.xpath(
        "//div[count(.//a) >= 2][not(.//p|.//div|.//li|.//table|.//h1|.//h2|.//h3)]"
        "|//td[count(.//a) >= 2][not(.//p|.//div|.//li|.//table)]"
    ):
        text = "".join(block.text_content().split())
        link_text = "".join("".join(a.text_content() for a in block.xpath(".//a")).split())
        if text and len(link_text) >= LINKED_ITEMS * len(text):
            found.append(block)
    return found


def _meta(document: Any) -> dict[str, str]:
    found: dict[str, str] = {}
    for element in document.xpath("//meta[@content]"):
        key = element.get("name") or element.get("property") or element.get("itemprop")
        if key and element.get("content", "").strip():
            found.setdefault(key.strip(), element.get("content").strip())
    return found


def _first(meta: dict[str, str], keys: tuple[str, ...]) -> str:
    lowered = {k.lower(): v for k, v in meta.items()}
    return next((lowered[k.lower()] for k in keys if lowered.get(k.lower())), "")


def _lines(text: str) -> str:
    """Lines stripped, runs of empty lines made one."""
    out: list[str] = []
    for line in text.replace("\r", "\n").replace("\xa0", " ").split("\n"):
        line = line.strip()
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip("\n")


# ------------------------------------------------------------------ Word and PDF

def _from_docx(data: bytes) -> Upload:
    import docx

    document = docx.Document(io.BytesIO(data))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append(" ".join(cell.text.strip() for cell in row.cells))
    text = _lines("\n".join(lines))
    title = (document.core_properties.title or "").strip()
    return Upload(text, title=title)


def _from_pdf(data: bytes) -> Upload:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        text = ""
        before: _Page | None = None
        for page in pdf:
            textpage = page.get_textpage()
            read = _paragraphs(textpage)
            textpage.close()
            page.close()
            if before is not None and before.goes_on and not read.opens:
                text = _joined(text, read.text)  # a paragraph that runs on to the next page
            else:
                text = f"{text}\n{read.text}" if text else read.text
            before = read
        title = str(pdf.get_metadata_dict().get("Title") or "").strip()
    finally:
        pdf.close()
    return Upload(_lines(text), title=title)


#: what ends a paragraph at the end of a line (a full line that ends so is not joined)
PARAGRAPH_END = frozenset("。!?！？…:：;；”」』—")
#: how far short of the text's right edge a line may end and still be full, in characters
FULL_LINE_SLACK = 3.0


@dataclass(frozen=True)
class _Page:
    text: str
    opens: bool = True  # its first line starts a paragraph
    goes_on: bool = False  # its last line's paragraph goes on in the next page


def _joined(before: str, after: str) -> str:
    space = before[-1:].isascii() and before[-1:].isalnum() and after[:1].isascii()
    return before + (" " if space else "") + after


def _paragraphs(textpage: Any) -> _Page:
    """A PDF page's text with its paragraphs whole. A page breaks the lines of a paragraph
    where the width ends, in the middle of a word, a name or a figure ("副县\n长", "农户\n1071
    人"): a line that runs to the right edge of the text goes on in the next, which is joined to
    it, unless that one starts a paragraph: indented, on a page that indents its paragraphs,
    or, on one that does not, after a line that ends a sentence. The page's lines as they are
    when its characters cannot be placed."""
    text = textpage.get_text_range()
    if len(text) != textpage.count_chars():
        return _Page(text)  # (the text holds characters the page does not place: no geometry)
    lines: list[tuple[str, float, float]] = []  # (text, left edge, right edge)
    widths: list[float] = []  # of the lines' first characters (a character's width, mostly)
    start = 0
    for line in text.split("\r\n"):
        end = start + len(line.rstrip())
        first = start + len(line) - len(line.lstrip())
        if end > first:
            left, _, first_right, _ = textpage.get_charbox(first)
            widths.append(first_right - left)
            lines.append((line.strip(), left, textpage.get_charbox(end - 1)[2]))
        start += len(line) + 2
    if not lines:
        return _Page(text)
    width = sorted(widths)[len(widths) // 2]
    margin = min(left for _, left, _ in lines)
    edge = max(right for _, _, right in lines)
    slack = FULL_LINE_SLACK * width
    # a page that indents its paragraphs: a line set in by one to four characters that runs to
    # the edge (a paragraph's first line; a centred heading stops short of the edge)
    indents = any(
        margin + width < left <= margin + 4.5 * width and right >= edge - slack
        for _, left, right in lines
    )
    out: list[str] = []
    full = ended = False  # of the line before
    for line, left, right in lines:
        opens = left > margin + width if indents else ended
        if full and not opens:
            out[-1] = _joined(out[-1], line)
        else:
            out.append(line)
        full = right >= edge - slack
        ended = line[-1] in PARAGRAPH_END
    first_opens = indents and lines[0][1] > margin + width  # (else the page before tells)
    return _Page("\n".join(out), opens=first_opens, goes_on=full and (indents or not ended))
