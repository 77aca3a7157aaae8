"""The downloadable Excel template of an importable: Chinese headers (required ones marked),
a notes row, drop-down lists for enumerations, an example row, and a sheet of instructions.

The notes and example rows carry a marker in a column without header (【说明】, 【示例】), so a
template sent back with them still in place imports only the rows the office typed.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.utils.translation import gettext as _

from xiezuo.core.xlsx_stream import column_letter
from xiezuo.transfer.spec import FieldSpec, Importable

TEMPLATE_ROWS = 5000  # rows the drop-down lists cover


def example_value(spec: FieldSpec, importable: type[Importable], user: Any) -> str:
    if spec.name in importable.example:
        return importable.example[spec.name]
    year = dt.date.today().year
    office = getattr(user, "office", None)
    region = getattr(office, "region", None)
    levels = getattr(spec.field, "levels", None)
    return {
        "money": "150",
        "date": f"{year}年3月23日",
        "year": str(year),
        "int": "0",
        "number": "0",
        "bool": _("否"),
        "choice": spec.choices[0][1] if spec.choices else "",
        "region": region.name if region is not None and (
            not levels or region.level in levels) else "",
        "model": "",
        "pairing": "",
        "text": "",
    }[spec.kind]


def build(importable: type[Importable], user: Any) -> bytes:
    import xlsxwriter

    form = importable.make_form(user)
    specs = importable.field_specs(form)
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet(importable.verbose_name()[:31])
    choices_sheet = book.add_worksheet(_("可选值"))
    help_sheet = book.add_worksheet(_("填写说明"))
    head = book.add_format({"bold": True, "bg_color": "#F2F2F2", "border": 1, "valign": "top"})
    required = book.add_format({"bold": True, "bg_color": "#FDE9D9", "border": 1,
                                "font_color": "#C00000", "valign": "top"})
    note = book.add_format({"font_color": "#7F7F7F", "text_wrap": True, "valign": "top",
                            "font_size": 9})
    example = book.add_format({"font_color": "#7F7F7F", "italic": True})
    marker = book.add_format({"font_color": "#C00000", "font_size": 9})
    text_cell = book.add_format({"num_format": "@"})
    n = len(specs)
    for j, spec in enumerate(specs):
        sheet.write_string(0, j, spec.header, required if spec.required else head)
        sheet.write_string(1, j, spec.note(), note)
        sheet.write_string(2, j, example_value(spec, importable, user), example)
        sheet.set_column(j, j, max(12, min(36, len(spec.header) * 2 + 2)),
                         text_cell if spec.kind in ("text", "region", "model") else None)
        if spec.choices:
            labels = [lbl for _v, lbl in spec.choices]
            choices_sheet.write_string(0, j, spec.label, head)
            for i, label in enumerate(labels, 1):
                choices_sheet.write_string(i, j, label)
            ref = f"='{_('可选值')}'!${column_letter(j)}$2:${column_letter(j)}${len(labels) + 1}"
            sheet.data_validation(3, j, TEMPLATE_ROWS, j, {
                "validate": "list", "source": ref, "error_type": "warning",
                "error_message": _("请从下拉列表中选择。")})
    sheet.write_string(1, n, _("【说明】此行为填写说明，导入时自动跳过"), marker)
    sheet.write_string(2, n, _("【示例】此行为示例，导入时自动跳过；可删除"), marker)
    sheet.set_row(1, 48)
    sheet.set_column(n, n, 34)
    sheet.freeze_panes(1, 0)
    lines = [
        _("%(t)s导入模板") % {"t": importable.verbose_name()},
        "",
        _("1. 在第一个工作表中从第 4 行起每行填写一条记录；第 2 行（说明）和第 3 行（示例）"
            "导入时自动跳过。"),
        _("2. 红色表头的列必须填写；不需要的列可以删除，删除的列在更新已有记录时保持原值。"),
        _("3. 地区可填写区划代码、全称、简称或繁体名称；"
          "同名地区请填写代码或加上级名称（如 济南市市中区）。"),
        _("4. 金额按表头单位填写；也可在金额后写明单位，如 150万元、1.5亿元、一百五十万元。"),
        _("5. 日期可写作 2024年3月23日、2024.3.23、2024/3/23 或 2024-03-23。"),
        _("6. 请勿合并单元格、使用公式或隐藏工作表；上传后先预览，确认无误再导入。"),
        _("7. 同一文件重复导入不会产生重复记录：已有记录按关键字段识别（%(k)s）。") % {
            "k": "、".join(s.label for s in specs if s.name in importable.natural_key)
            or _("编号")},
    ]
    for i, line in enumerate(lines):
        help_sheet.write_string(i, 0, line, head if i == 0 else None)
    help_sheet.set_column(0, 0, 110)
    book.close()
    return out.getvalue()
