"""The assessment report in Chinese: a PDF (fonts embedded) and an editable Word file (the
Chinese font embedded too, so that it reads the same on a machine without it)."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from xiezuo.assessment.models import Result, Run
from xiezuo.core.money import format_amount

#: East Asian font of the Word file, embedded in it (subset to the characters used); the PDF
#: uses the system's CJK fonts through fontconfig and embeds them too
WORD_FONT = "WenQuanYi Micro Hei"
WORD_FONT_FILE = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
PDF_FONTS = '"WenQuanYi Micro Hei", "Noto Sans CJK SC", "Noto Sans SC", sans-serif'


def figure(value: str | None, line: dict[str, Any]) -> str:
    if value is None:
        return "—"
    if line.get("is_money"):
        return format_amount(Decimal(value))
    number = Decimal(value)
    text = f"{number:,.0f}" if number == number.to_integral_value() else f"{number:,.2f}"
    return f"{text} {line.get('unit', '')}"


def rows(run: Run, results: list[Result]) -> list[dict[str, Any]]:
    out = []
    for r in results:
        out.append({"result": r, "pairing": r.pairing, "lines": [
            {**line, "actual_text": figure(line["actual"], line),
             "target_text": figure(line["target"], line)} for line in r.explanation]})
    return out


def pdf(run: Run, results: list[Result]) -> bytes:
    from weasyprint import HTML

    html = render_to_string("assessment/report_pdf.html", {
        "run": run, "scheme": run.scheme, "rows": rows(run, results), "fonts": PDF_FONTS})
    return bytes(HTML(string=html).write_pdf())


def chinese_document() -> Any:
    """A new Word document whose styles write Chinese in the embedded font (Word picks the
    East Asian font of a run from ``w:eastAsia``)."""
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc = Document()
    for style_name in ("Normal", "Title", "Heading 1", "Heading 2", "Table Grid"):
        try:
            style: Any = doc.styles[style_name]
        except KeyError:
            continue
        style.font.name = WORD_FONT
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = rpr.makeelement(qn("w:rFonts"), {})
            rpr.append(fonts)
        fonts.set(qn("w:eastAsia"), WORD_FONT)
    doc.styles["Normal"].font.size = Pt(10.5)
    return doc


def docx_bytes(doc: Any) -> bytes:
    """The finished document with its Chinese font embedded (subset to the text used)."""
    from xiezuo.assessment import fonts

    fonts.embed(doc, WORD_FONT, WORD_FONT_FILE)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def docx(run: Run, results: list[Result]) -> bytes:
    doc = chinese_document()
    scheme = run.scheme
    doc.add_heading(_("%(y)s 年度%(n)s考核结果") % {"y": scheme.year, "n": scheme.name}, 0)
    doc.add_paragraph(_("统计截至 %(y)s 年 %(m)s 月 %(d)s 日；等次分数线：好 ≥ %(g)s，"
                        "较好 ≥ %(f)s，一般 ≥ %(a)s，其余为差。") % {
        "y": scheme.year, "m": scheme.cutoff_month, "d": scheme.cutoff_day,
        "g": scheme.good_from, "f": scheme.fairly_good_from, "a": scheme.fair_from})
    table = doc.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, [_("名次"), _("结对关系"), _("类别"), _("得分"),
                                                 _("等次")], strict=True):
        cell.text = str(text)
    for r in results:
        cells = table.add_row().cells
        for cell, text in zip(cells, [str(r.rank), r.pairing.label, r.county_class or "—",
                                      str(r.score), str(r.get_grade_display())], strict=True):
            cell.text = text
    doc.add_heading(_("得分说明"), 1)
    for row in rows(run, results):
        r = row["result"]
        doc.add_heading(f"{r.rank}. {r.pairing}（{r.score} {_('分')}，{r.get_grade_display()}）",
                        2)
        for line in row["lines"]:
            doc.add_paragraph(
                f"{line['indicator']}（{line['rule']}）：{_('实际')} {line['actual_text']}，"
                f"{_('目标')} {line['target_text']}。{line['note']}", style="List Bullet")
    return docx_bytes(doc)
