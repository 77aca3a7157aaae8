"""The report exports: a PDF whose pages render Chinese text, and an editable Word file."""

from __future__ import annotations

import io
import re
import zlib

import pytest
from django.urls import reverse

from xiezuo.assessment import scoring
from xiezuo.assessment.tests.test_scoring import gansu_counties, scheme  # noqa: F401

pytestmark = pytest.mark.django_db


def test_it_exports_a_pdf_with_embedded_chinese_fonts(scheme, login, tmp_path) -> None:  # noqa: F811
    import pypdfium2

    run = scoring.run(scheme)
    response = login("national").get(reverse("assessment:export", args=[run.pk, "pdf"]))
    assert response["Content-Type"] == "application/pdf"
    data = response.content
    fonts = embedded_fonts(data)
    assert any(CJK_FONT.search(name) for name in fonts), fonts
    pdf = pypdfium2.PdfDocument(data)
    text = pdf[0].get_textpage().get_text_range()
    assert "考核结果" in text and "积石山" in text and "完成率" in text
    image = pdf[0].render(scale=1).to_pil().convert("L")
    image.save(tmp_path / "page1.png")
    dark = sum(1 for v in image.tobytes() if v < 128) / (image.width * image.height)
    assert dark > 0.005  # the page carries drawn glyphs
    # a missing CJK font draws every character as the same box: two different characters
    # rendered alone must differ
    assert glyph(pdf_of("协")) != glyph(pdf_of("作"))


CJK_FONT = re.compile(r"WenQuanYi|Noto.*CJK|NotoSans.*SC|SimSun|Source.*Han", re.I)


def embedded_fonts(data: bytes) -> list[str]:
    """Names of the fonts a PDF embeds (font files inside, compressed streams included)."""
    chunks = [data]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            chunks.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    text = b"\n".join(chunks)
    names = []
    for match in re.finditer(rb"/FontName\s*/([^\s/>]+)(.{0,400})", text, re.S):
        if re.search(rb"/FontFile[23]?", match.group(2)) or b"/FontFile" in text:
            names.append(match.group(1).decode("latin-1"))
    return names


def pdf_of(char: str) -> bytes:
    from weasyprint import HTML

    from xiezuo.assessment.report import PDF_FONTS

    return bytes(HTML(string=f'<p style="font: 40px {PDF_FONTS}">{char}</p>').write_pdf())


def glyph(data: bytes) -> bytes:
    import pypdfium2

    page = pypdfium2.PdfDocument(data)[0]
    return page.render(scale=1, crop=(0, 0, 0, 0)).to_pil().convert("L").tobytes()


def test_it_exports_an_editable_word_report_in_chinese(scheme, login) -> None:  # noqa: F811
    from docx import Document
    from docx.oxml.ns import qn

    run = scoring.run(scheme)
    response = login("national").get(reverse("assessment:export", args=[run.pk, "docx"]))
    doc = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "考核结果" in text and "得分说明" in text
    cells = [c.text for row in doc.tables[0].rows for c in row.cells]
    assert "积石山县" in " ".join(cells) or any("积石山" in c for c in cells)
    fonts = doc.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia"))


def test_it_embeds_the_chinese_font_in_the_word_file(scheme, login) -> None:  # noqa: F811
    """The .docx carries the font as an obfuscated part that, undone with the key the font
    table names, is a TrueType face holding the document's characters."""
    import uuid
    import zipfile

    from fontTools.ttLib import TTFont
    from lxml import etree

    from xiezuo.assessment import fonts

    run = scoring.run(scheme)
    data = login("national").get(reverse("assessment:export", args=[run.pk, "docx"])).content
    package = zipfile.ZipFile(io.BytesIO(data))
    names = package.namelist()
    parts = [n for n in names if n.startswith("word/fonts/") and n.endswith(".odttf")]
    assert len(parts) == 1, names
    types = package.read("[Content_Types].xml").decode()
    assert fonts.OBFUSCATED_FONT in types
    assert "<w:embedTrueTypeFonts/>" in package.read("word/settings.xml").decode()

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    r = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
    table = etree.fromstring(package.read("word/fontTable.xml"))
    embedded = [(f.get(f"{w}name"), e) for f in table.iter(f"{w}font")
                for e in f.iter(f"{w}embedRegular")]
    assert [name for name, _e in embedded] == ["WenQuanYi Micro Hei"]
    element = embedded[0][1]
    rels = etree.fromstring(package.read("word/_rels/fontTable.xml.rels"))
    target = next(rel.get("Target") for rel in rels if rel.get("Id") == element.get(f"{r}id"))
    assert f"word/{target}" == parts[0]

    raw = package.read(parts[0])
    assert raw[:4] not in (b"\x00\x01\x00\x00", b"true", b"OTTO")  # obfuscated as stored
    guid = uuid.UUID(element.get(f"{w}fontKey").strip("{}"))
    face = TTFont(io.BytesIO(fonts.obfuscate(raw, guid)))
    assert face["name"].getBestFamilyName() == "WenQuanYi Micro Hei"
    cmap = face.getBestCmap()
    for char in "考核结果积石山得分":
        assert ord(char) in cmap, char
    assert len(cmap) < 2000 and len(raw) < 1_500_000  # subset, not the whole face

    from docx import Document

    doc = Document(io.BytesIO(data))  # still a document python-docx (and Word) opens
    rfonts = doc.styles["Normal"].element.rPr.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}rFonts")
    assert rfonts.get(f"{w}eastAsia") == "WenQuanYi Micro Hei"


def test_it_obfuscates_with_the_key_read_backwards() -> None:
    """ECMA-376 17.8.1: key byte i is the GUID's hex digits 30-2i and 31-2i."""
    import uuid

    from xiezuo.assessment import fonts

    guid = uuid.UUID("00112233-4455-6677-8899-AABBCCDDEEFF")
    assert fonts.key_bytes(guid) == bytes.fromhex("FFEEDDCCBBAA99887766554433221100")
    data = bytes(range(40))
    hidden = fonts.obfuscate(data, guid)
    assert hidden[0] == 0 ^ 0xFF and hidden[16] == 16 ^ 0xFF and hidden[32:] == data[32:]
    assert fonts.obfuscate(hidden, guid) == data
