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
