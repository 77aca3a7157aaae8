"""How an office laid its table out: where the header is, what each column holds, what each
row is, and whether its totals add up. Plain Python: a :class:`Grid` in, a :class:`Layout`
out, no database. The rules (docs/DEVELOPMENT.md, "Reading an office's table"):

1. **Header.** Above the table stand title rows (one text, often merged across the width and
   broken over lines), a unit line ("单位：万元") and meta lines ("填报单位：…"). The header is
   the first row with two or more texts that is not such a line and has numbers below it. It
   extends down while the rows below continue it: cells merged down from it, texts under a
   cell merged across (资金规模 → 合计 / 东西部协作资金 / 地方配套), a row of texts right
   above the numbers, a row of units (万元 / 人). A row of column numbers (1 2 3…, 甲 乙) under
   it is part of it too. A column's header is its path of texts, top to bottom.
2. **Merged cells in the body.** A cell merged down (a village over several rows) gives its
   value to every row it covers. A cell merged across gives its value to one column: the
   name column when the span covers it (a project name spread over 村名…建设内容), else its
   first column.
3. **Rows.** Each row after the header is empty, a repeated header, a footnote (注：…, 说明,
   填表人…, or a long sentence after the data), a total (合计, 总计, 全县合计, 合　　计…), a
   subtotal (小计, 某镇小计), a category (一、…, （一）, 第一部分, or a Chinese numeral in the
   serial column where data rows count 1, 2, 3; sometimes carrying its subtotal; a single text
   merged across the table), or data. A row with numbers but no label is a subtotal or a
   total when its numbers are the sum of the rows it closes (or opens), else data; so is an
   unnumbered row among numbered ones, and a row heading a group when the published total
   says so.
4. **Units.** A money column's unit comes from its header (资金规模(万元) → its children too),
   else from the unit line, else from units written in its cells (20万元), else it is
   *assumed*: 万元 when the column's amounts are below ten thousand (a county's project
   table), 元 otherwise — and the page asks the person to confirm.
5. **Totals.** Every total, subtotal and category row is checked, column by column, against
   the data rows it sums, never imported. A subtotal sums the rows since the previous
   boundary (or until the next, when it stands above its group); a category the rows under
   it down to the next category of its level; a total all data rows (those since the last
   total, or below it when it stands on top).
6. **Money groups.** Columns under one parent (资金规模 → 合计 / parts), or a total column
   (总投资, 合计) followed by money columns, form a group. The children that add up to the
   total on every row are its parts; a "其中" child that does not is an "of which" subset.
   A row's money is its group's total, or the sum of the parts: never both.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import combinations
from typing import Any

from django.utils.translation import gettext as _

from xiezuo.sheets.grid import Grid
from xiezuo.sheets.values import (
    Amount,
    compact,
    looks_numeric,
    read_amount,
    unit_line,
    unit_of,
)
from xiezuo.transfer.parse import ParseError, text_of

ROLES = ("title", "unit", "header", "category", "subtotal", "total", "footnote", "empty",
         "data")
SKIPPED_ROLES = tuple(r for r in ROLES if r != "data")
CHECKED_ROLES = ("category", "subtotal", "total")

CN_NUM = "一二三四五六七八九十百零〇"
ROMAN = "ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ"
#: category labels, with their level: 一、 (1), （一） (2), 第一部分 / 第一类 (1)
ORDINALS = [
    (re.compile(rf"^第[{CN_NUM}\d]+(部分|类|项|批|章|节|篇)"), 1),
    (re.compile(rf"^[{CN_NUM}]+\s*[、.．，,）)]"), 1),
    (re.compile(rf"^[{ROMAN}]+\s*[、.．]?"), 1),
    (re.compile(rf"^[（(]\s*[{CN_NUM}]+\s*[）)]"), 2),
]
TOTAL_RE = re.compile(
    r"^(.{0,12}?)(合计|总计|共计|总合计|总额合计|总和|汇总)(数)?[：:]?(（[^）]*）)?$")
SUBTOTAL_RE = re.compile(r"^(.{0,16}?)(小计|分计)(数)?[：:]?(（[^）]*）)?$")
OF_WHICH_RE = re.compile(r"^(其中|内含|含)[：:,，]?")
FOOTNOTE_RE = re.compile(
    r"^(注|備?注|备注|附注|说明|填表说明|资料来源|数据来源|来源|填表人|填报人|制表人?|"
    r"审核人?|核对人|负责人|单位负责人|分管领导|联系人|联系电话|电话|填报日期|填表日期|"
    r"制表日期|日期|时间|签字|盖章|\d+[.、]\s*本表)\s*[0-9一二三四五六七八九十]?\s*[:：.、]")
META_RE = re.compile(r"^[^：:]{1,10}[：:]")
SERIAL_HEADERS = {"序号", "编号", "序", "no", "no.", "号", "排序", "顺序号", "项目序号"}
NAME_WORDS = ("名称", "项目", "姓名", "企业", "单位名称")
MONEY_WORDS = ("金额", "资金", "投资", "预算", "规模", "拨付", "补助", "补贴", "经费", "费用",
               "价款", "款", "额", "收入", "成本", "贴息", "造价", "援助", "捐", "配套", "合计",
               "总计", "小计", "财政", "东西部", "协作", "帮扶", "中央", "省级", "市级", "县级",
               "本级", "自筹", "其他")
COUNT_WORDS = ("人数", "户数", "人口", "人次", "数量", "个数", "户", "人", "亩", "面积", "长度",
               "公里", "吨", "套", "座", "台", "头", "只", "批")
#: columns whose figures do not add up down the table
NOT_ADDITIVE = ("率", "比例", "比重", "占比", "%", "％", "单价", "价格", "标准", "年度", "年份",
                "日期", "时间", "期限", "电话", "号码", "代码", "编码", "序号", "编号",
                "排名", "得分", "分值", "周期", "工期", "坐标", "经度", "纬度")
TOTAL_HEADERS = re.compile(r"^(合计|小计|总计|总额|合计数|小计数|总金额|资金总额|总投资|投资总额|"
                           r"总规模|总预算|计划总投资|项目总投资|总资金|资金合计|金额合计|投资合计)")
STAGE_WORDS = ("计划", "完成", "拨付", "到位", "支出", "已", "累计", "结余", "剩余", "执行", "下达",
               "未", "滞留", "报账")


@dataclass
class Column:
    index: int
    #: header texts from the top header row down (a cell merged over two rows once)
    path: list[str]
    #: serial, text, money, count, number (not additive), date, empty
    kind: str = "text"
    unit: str | None = None
    #: where the unit came from: header, unit line, cells, assumed
    unit_source: str = ""
    group: int | None = None
    #: in a money group: total, part, of (an "of which" subset); alone: ""
    part: str = ""

    @property
    def label(self) -> str:
        return " / ".join(self.path) if self.path else ""

    @property
    def leaf(self) -> str:
        return self.path[-1] if self.path else ""

    @property
    def additive(self) -> bool:
        return self.kind in ("money", "count")


@dataclass
class Row:
    index: int
    role: str
    #: the text that decided the role (合计, 一、…), or "" for data
    label: str = ""
    level: int = 0
    #: the role was set by a person, not by the rules
    corrected: bool = False
    #: the data rows its figures were found to sum (a row told by its sums)
    members: list[int] = field(default_factory=list)


@dataclass
class Check:
    row: int
    column: int
    published: Decimal
    computed: Decimal
    ok: bool
    rows: list[int]
    unit: str | None


@dataclass
class CellNote:
    """What a cell's reading found beside its value: an error, an in-cell note, parts."""

    error: str = ""
    note: str = ""
    parts: dict[str, Decimal] = field(default_factory=dict)


@dataclass
class Layout:
    grid: Grid
    header_rows: list[int]
    columns: list[Column]
    rows: list[Row]
    #: the body as read: merged values filled down or given to one column
    cells: list[list[Any]]
    #: (row, col) of cells whose value came from a merged cell above
    filled: set[tuple[int, int]]
    #: (row, col) of cells a merged cell covers without giving them its value
    spanned: set[tuple[int, int]]
    amounts: dict[tuple[int, int], Amount]
    notes: dict[tuple[int, int], CellNote]
    checks: list[Check]
    unit_line: str | None
    groups: dict[int, list[int]]

    def title_year(self) -> int | None:
        """The one year the title rows name (2020年, 2019年度), if exactly one."""
        texts = " ".join(text_of(v) for r in self.rows if r.role in ("title", "unit")
                         for v in self.grid.rows[r.index])
        years = set(re.findall(r"(?<!\d)((?:19|20)\d\d)(?!\d)", texts))
        named = re.search(r"(?:19|20)\d\d\s*年", texts)
        return int(years.pop()) if len(years) == 1 and named else None

    def data_rows(self) -> list[Row]:
        return [r for r in self.rows if r.role == "data"]

    def column(self, index: int) -> Column | None:
        for c in self.columns:
            if c.index == index:
                return c
        return None

    def row_money(self, row: int) -> Decimal | None:
        """The row's money in yuan: its first money group's total, or the sum of the group's
        parts (never both); a lone money column's value."""
        for members in self.groups.values():
            cols = [self.column(i) for i in members]
            total = next((c for c in cols if c and c.part == "total"), None)
            chosen = [total] if total is not None else [c for c in cols if c and c.part in (
                "part", "")]
            found = [self.amounts.get((row, c.index)) for c in chosen if c is not None]
            values = [a.yuan for a in found if a is not None and a.yuan is not None]
            if values:
                return sum(values, Decimal(0))
            if total is not None:  # an empty total cell: the parts say it
                parts = [self.amounts.get((row, c.index)) for c in cols if c and c.part == "part"]
                values = [a.yuan for a in parts if a is not None and a.yuan is not None]
                if values:
                    return sum(values, Decimal(0))
            return None
        return None


# --- reading ---------------------------------------------------------------------------


def read_layout(grid: Grid, roles: dict[int, str] | None = None,
                units: dict[int, str] | None = None) -> Layout:
    """The layout of ``grid``; ``roles`` (row → role) and ``units`` (column → unit) are a
    person's corrections and win over the rules."""
    anchors = _anchors(grid)
    header_rows = find_header(grid, anchors)
    columns = _columns(grid, anchors, header_rows)
    body_start = (header_rows[-1] + 1) if header_rows else 0
    cells, filled, spanned = _body(grid, anchors, columns, body_start)
    line = _unit_line(grid, header_rows)
    rows = [_leading_role(grid, i, anchors) for i in range(body_start)]
    for i in header_rows:
        rows[i] = Row(i, "header")
    _kinds(columns, cells, body_start)
    for r, c in sorted(filled):
        if columns[c].additive:  # one amount for several rows is not repeated on each
            cells[r][c] = None
            filled.discard((r, c))
            spanned.add((r, c))
    rows += _body_roles(grid, cells, columns, body_start, anchors)
    for i, role in (roles or {}).items():
        if 0 <= i < len(rows) and role in ROLES:
            rows[i] = Row(i, role, rows[i].label, rows[i].level, corrected=True)
    _units(columns, cells, rows, line, units or {})
    amounts, notes = _amounts(grid, cells, columns, rows)
    layout = Layout(grid, header_rows, columns, rows, cells, filled, spanned, amounts, notes,
                    [], line, {})
    _resolve_unlabelled(layout, set((roles or {}).keys()))
    _group_heads(layout, set((roles or {}).keys()))
    layout.groups = _groups(layout)
    _partial_totals(layout)
    layout.checks = _checks(layout)
    return layout


def _anchors(grid: Grid) -> dict[tuple[int, int], tuple[int, int, int, int]]:
    """Every cell a merged range covers → that range."""
    found: dict[tuple[int, int], tuple[int, int, int, int]] = {}
    for r0, c0, r1, c1 in grid.merges:
        if (r0, c0) == (r1, c1):
            continue
        for r in range(r0, min(r1, grid.height - 1) + 1):
            for c in range(c0, min(c1, grid.width - 1) + 1):
                found[(r, c)] = (r0, c0, r1, c1)
    return found


def _own_cells(grid: Grid, r: int, anchors: dict[tuple[int, int], Any]) -> list[tuple[int, Any]]:
    """The row's non-empty cells, a merged range counted once at its first column (and only
    in its first row)."""
    out = []
    for c in range(grid.width):
        merge = anchors.get((r, c))
        if merge is not None and (merge[0], merge[1]) != (r, c):
            continue
        value = grid.rows[r][c]
        if text_of(value):
            out.append((c, value))
    return out


def _is_text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip()) and not looks_numeric(value)


def _is_meta(text: str) -> bool:
    t = compact(text)
    return (bool(META_RE.match(t)) and not OF_WHICH_RE.match(t)) or unit_line(text) is not None


def find_header(grid: Grid, anchors: dict[tuple[int, int], Any] | None = None) -> list[int]:
    """The rows of the header block (rule 1); [] when the table has none."""
    anchors = anchors if anchors is not None else _anchors(grid)
    limit = min(grid.height, 40)
    candidates: list[tuple[int, int]] = []
    for r in range(limit):
        cells = _own_cells(grid, r, anchors)
        texts = [v for _c, v in cells if _is_text(v)]
        if len(texts) < 2 or len(texts) < 0.6 * len(cells):
            continue
        if all(_is_meta(text_of(t)) for t in texts):
            continue
        if any(_ordinal_level(compact(t)) or TOTAL_RE.match(compact(t)) for t in texts[:1]):
            continue
        if any(_is_title(grid, r, c, v, anchors) for c, v in cells):
            continue
        candidates.append((r, len(texts)))
        if len(candidates) >= 6:
            break
    # a table of figures has numbers under its header; a table of names (cadres, meetings)
    # has none, and its header is then the first row of texts
    with_numbers = [(r, n) for r, n in candidates if _numbers_below(grid, r, anchors)]
    candidates = with_numbers or candidates[:1]
    if not candidates:
        return []
    fullest = max(n for _r, n in candidates)
    first = next(r for r, n in candidates if n >= 0.6 * fullest)
    block = [first]
    r = first + 1
    while r < grid.height and len(block) < 4:
        if _continues_header(grid, r, block, anchors):
            block.append(r)
            r += 1
            continue
        break
    if r < grid.height and _column_numbers(grid, r, anchors):
        block.append(r)
    return block


def _is_title(grid: Grid, r: int, c: int, value: Any,
              anchors: dict[tuple[int, int], tuple[int, int, int, int]]) -> bool:
    """A table's title: a text naming a table (…安排表, …清单), or one row's first cell
    spread over most of the width."""
    text = compact(value)
    if len(text) >= 6 and re.search(r"(表|表格|清单|明细|汇总|方案|计划)$", text):
        return True
    merge = anchors.get((r, c))
    return merge is not None and merge[1] == 0 and merge[0] == merge[2] \
        and merge[3] + 1 >= max(3, 0.6 * grid.width)


def _numbers_below(grid: Grid, r: int, anchors: dict[tuple[int, int], Any]) -> bool:
    for below in range(r + 1, min(grid.height, r + 12)):
        if any(looks_numeric(v) and not _is_year(v) for _c, v in _own_cells(grid, below, anchors)):
            return True
    return False


def _is_year(value: Any) -> bool:
    text = text_of(value)
    return bool(re.fullmatch(r"(19|20)\d\d(年|年度)?", text))


def _continues_header(grid: Grid, r: int, block: list[int],
                      anchors: dict[tuple[int, int], tuple[int, int, int, int]]) -> bool:
    cells = _own_cells(grid, r, anchors)
    if any(looks_numeric(v) and not _is_year(v) for _c, v in cells):
        return False
    texts = [(c, compact(v)) for c, v in cells]
    merged_down = any(
        (m := anchors.get((r, c))) is not None and m[0] in block for c in range(grid.width))
    if not texts:
        return merged_down and r + 1 < grid.height
    if merged_down:
        return True
    # texts under a cell merged across in the row above (a parent header)
    above = block[-1]
    under_parent = all(
        (m := anchors.get((above, c))) is not None and m[1] < m[3] for c, _t in texts)
    if under_parent:
        return True
    if any(_ordinal_level(t) or TOTAL_RE.match(t) or SUBTOTAL_RE.match(t) or FOOTNOTE_RE.match(t)
           for _c, t in texts):
        return False
    if all((unit_of(t) is not None and len(t) <= 6) or t in COUNT_WORDS for _c, t in texts):
        return True  # a row of units under the header
    nxt = next((x for x in range(r + 1, min(grid.height, r + 4))
                if _own_cells(grid, x, anchors)), None)
    if nxt is None or not all(len(t) <= 16 for _c, t in texts):
        return False
    below = dict(_own_cells(grid, nxt, anchors))
    if len(texts) >= 2:
        return any(looks_numeric(v) for v in below.values())
    # one word alone (投资 / 规模): the rest of a header whose column holds numbers
    c, text = texts[0]
    return len(text) <= 6 and looks_numeric(below.get(c)) and bool(text_of(grid.rows[above][c]))


def _column_numbers(grid: Grid, r: int, anchors: dict[tuple[int, int], Any]) -> bool:
    """A row numbering the columns under the header: 1 2 3 4…, or 甲 乙 1 2, or 栏次."""
    cells = [compact(v) for _c, v in _own_cells(grid, r, anchors)]
    if len(cells) < 3:
        return False
    if cells[0] in ("栏次", "列次"):
        return True
    letters = [t for t in cells if t in "甲乙丙丁戊己庚辛"]
    numbers = [t for t in cells if t not in letters]
    if not all(re.fullmatch(r"\d+", t) or re.fullmatch(r"\d+[=＝][\d+＋\-－]+", t)
               for t in numbers):
        return False
    leading = [int(re.match(r"\d+", t).group()) for t in numbers]  # type: ignore[union-attr]
    return (leading == list(range(leading[0], leading[0] + len(leading))) and leading[0] <= 1) \
        or (len(letters) >= 1 and leading == list(range(1, len(leading) + 1)))


def _columns(grid: Grid, anchors: dict[tuple[int, int], Any], header: list[int]) -> list[Column]:
    columns = []
    for c in range(grid.width):
        path: list[str] = []
        for r in header:
            merge = anchors.get((r, c))
            value = grid.rows[merge[0]][merge[1]] if merge and merge[0] in header else \
                grid.rows[r][c]
            text = compact(value)
            if not text or (path and path[-1] == text):
                continue
            if re.fullmatch(r"\d+|[甲乙丙丁戊己庚辛]|\d+[=＝][\d+＋\-－]+|栏次|列次", text) \
                    and r == header[-1] and len(header) > 1:
                continue  # the row of column numbers
            path.append(text)
        columns.append(Column(c, path))
    return columns


def _body(grid: Grid, anchors: dict[tuple[int, int], tuple[int, int, int, int]],
          columns: list[Column], start: int
          ) -> tuple[list[list[Any]], set[tuple[int, int]], set[tuple[int, int]]]:
    """The grid's rows with merged cells resolved (rule 2); header rows as they are."""
    cells = [list(row) for row in grid.rows]
    filled: set[tuple[int, int]] = set()
    spanned: set[tuple[int, int]] = set()
    seen: set[tuple[int, int, int, int]] = set()
    for merge in anchors.values():
        if merge in seen or merge[0] < start:
            continue
        seen.add(merge)
        r0, c0, r1, c1 = merge
        value = grid.rows[r0][c0]
        target = c0
        if c1 > c0:
            names = [k for k in range(c0, c1 + 1)
                     if any(w in columns[k].leaf for w in NAME_WORDS if k < len(columns))]
            if names and _is_text(value):
                target = names[0]
        for rr in range(r0, min(r1, grid.height - 1) + 1):
            for cc in range(c0, min(c1, grid.width - 1) + 1):
                if cc == target:
                    cells[rr][cc] = value
                    if rr != r0:
                        filled.add((rr, cc))
                else:
                    cells[rr][cc] = None
                    spanned.add((rr, cc))
    return cells, filled, spanned


def _unit_line(grid: Grid, header: list[int]) -> str | None:
    """The unit a line above the header (or in a header cell, or under the table's title)
    states: 单位：万元."""
    stop = header[0] if header else min(grid.height, 6)
    for r in range(stop):
        for value in grid.rows[r]:
            text = text_of(value)
            if not text:
                continue
            for part in re.split(r"\s{2,}|\n", text):
                found = unit_line(part)
                if found:
                    return found
    for r in header:
        for value in grid.rows[r]:
            found = unit_line(text_of(value)) if text_of(value).startswith("单位") else None
            if found:
                return found
    return None


def _leading_role(grid: Grid, r: int, anchors: dict[tuple[int, int], Any]) -> Row:
    cells = _own_cells(grid, r, anchors)
    if not cells:
        return Row(r, "empty")
    texts = " ".join(text_of(v) for _c, v in cells)
    if any(unit_line(p) for p in re.split(r"\s{2,}|\n", texts)) or any(
            unit_line(text_of(v)) for _c, v in cells):
        return Row(r, "unit", texts[:40])
    return Row(r, "title", texts[:40])


def _kinds(columns: list[Column], cells: list[list[Any]], start: int) -> None:
    """Serial, money, count, number, date or text, from the header and the body's cells."""
    for col in columns:
        values = [cells[r][col.index] for r in range(start, len(cells))
                  if text_of(cells[r][col.index])]
        header = "".join(col.path)
        leaf = compact(col.leaf).lower()
        numeric = [v for v in values if looks_numeric(v)]
        share = len(numeric) / len(values) if values else 0
        if not values and not col.path:
            col.kind = "empty"
        elif leaf in SERIAL_HEADERS or leaf.endswith("序号"):
            col.kind = "serial"
        elif any(w in header for w in ("日期", "时间")) and share < 0.5:
            col.kind = "date"
        elif share >= 0.5 and any(w in col.leaf for w in NOT_ADDITIVE) \
                and unit_of(header) is None:
            col.kind = "number"
        elif share >= 0.5 or (not values and unit_of(header)):
            if unit_of(header) or any(w in header for w in MONEY_WORDS) or any(
                    isinstance(v, str) and re.search(r"[万亿]?元\s*$", v) for v in numeric):
                col.kind = "money"
            elif any(w in header for w in COUNT_WORDS):
                col.kind = "count"
            elif all(_is_year(v) for v in numeric):
                col.kind = "number"
            else:
                col.kind = "money" if any(
                    re.search(r"\.\d", text_of(v)) for v in numeric) else "count"
        else:
            col.kind = "text"


def _ordinal_level(text: str) -> int:
    for pattern, level in ORDINALS:
        if pattern.match(text):
            return level
    return 0


def _serial_style(text: str) -> str:
    if re.fullmatch(r"\d+(\.0)?", text):
        return "arabic"
    if re.fullmatch(r"\d+[.．]\d+", text):
        return "decimal"
    if _ordinal_level(text) or re.fullmatch(rf"[{CN_NUM}]+|[{ROMAN}]+", text):
        return "chinese"
    return "other"


def _body_roles(grid: Grid, cells: list[list[Any]], columns: list[Column], start: int,
                anchors: dict[tuple[int, int], tuple[int, int, int, int]]) -> list[Row]:
    """Rule 3, before the sums decide the unlabelled rows (role "pending")."""
    serial = next((c.index for c in columns if c.kind == "serial"), None)
    numeric_cols = [c.index for c in columns if c.kind in ("money", "count", "number")]
    header_texts = {t for c in columns for t in c.path}
    styles = Counter(_serial_style(compact(cells[r][serial])) for r in range(start, len(cells))
                     if serial is not None and text_of(cells[r][serial]))
    data_style = "arabic" if styles["arabic"] else "decimal" if styles["decimal"] else None
    rows: list[Row] = []
    figures = [r for r in range(start, len(cells))
               if any(looks_numeric(cells[r][c]) for c in numeric_cols)]
    numbered = serial is not None and data_style == "arabic" and sum(
        _serial_style(compact(cells[r][serial])) == "arabic" for r in figures) >= 3
    last_numbers = max((r for r in range(start, len(cells))
                        if any(looks_numeric(cells[r][c]) for c in numeric_cols)), default=-1)
    previous = ""
    for r in range(start, len(cells)):
        own = [(c, v) for c, v in _own_cells(grid, r, anchors)]
        row_values = [(c, cells[r][c]) for c in range(len(cells[r])) if text_of(cells[r][c])]
        if not own or (serial is not None and all(c == serial for c, _v in row_values)
                       and _serial_style(compact(cells[r][serial])) == "arabic"):
            rows.append(Row(r, "empty"))  # nothing, or a number waiting for a row
            continue
        labels = [compact(v) for c, v in row_values if c == serial
                  or (c not in numeric_cols and not looks_numeric(v))]
        label = labels[0] if labels else ""
        numbers = [c for c, v in row_values if c in numeric_cols and looks_numeric(v)]
        texts = [compact(v) for _c, v in own if _is_text(v)]
        role, level = "data", 0
        spans_wide = any((m := anchors.get((r, c))) is not None and m[3] - m[1] >= 2
                         for c, _v in own)
        if texts and sum(t in header_texts for t in texts) >= max(2, 0.6 * len(texts)):
            role = "header"
        elif label and FOOTNOTE_RE.match(label):
            role = "footnote"
        elif label and TOTAL_RE.match(label) and not _ordinal_level(label):
            role = "total"
        elif label and SUBTOTAL_RE.match(label):
            role = "subtotal"
        elif label and OF_WHICH_RE.match(label) and previous in ("total", "subtotal") \
                and serial is not None and not text_of(cells[r][serial]):
            role = previous
        elif label and (level := _ordinal_level(label)) and (
                serial is None or not re.fullmatch(r"\d+", compact(cells[r][serial])
                                                   if text_of(cells[r][serial]) else "x")):
            role = "category"
        elif serial is not None and text_of(cells[r][serial]) and data_style and \
                _serial_style(compact(cells[r][serial])) == "chinese":
            role, level = "category", 1
            label = " ".join(t for t in labels[:2])
        elif not numbers and len(texts) == 1 and (r > last_numbers or len(texts[0]) >= 40) and (
                len(texts[0]) >= 20 or (r > last_numbers and spans_wide)):
            role = "footnote"
        elif not numbers and 0 <= last_numbers < r and texts and len(texts) <= 2 and (
                serial is None or _serial_style(compact(cells[r][serial])) != "arabic"):
            role = "footnote"  # lines under the table: 2. 资金单位为万元
        elif not numbers and len(texts) == 1 and spans_wide and (
                serial is None or not text_of(cells[r][serial]) or serial in [c for c, _v in own]):
            role, level = "category", 1
        elif numbers and not _has_identity(cells[r], columns, serial):
            role = "pending"
        elif numbers and numbered and not text_of(cells[r][serial]):  # type: ignore[index]
            role, level = "pending", 1  # a group's name and figures, or a data row unnumbered
        rows.append(Row(r, role, label if role != "data" else "", level))
        if role not in ("empty",):
            previous = role
    return rows


def _has_identity(row: list[Any], columns: list[Column], serial: int | None) -> bool:
    """Whether a row names something: a serial number or a text in a text column."""
    for col in columns:
        value = row[col.index] if col.index < len(row) else None
        if not text_of(value):
            continue
        if col.kind in ("text", "date") or col.index == serial:
            return True
    return False


def _units(columns: list[Column], cells: list[list[Any]], rows: list[Row], line: str | None,
           given: dict[int, str]) -> None:
    """Rule 4, for money columns; a person's choice wins."""
    parents: dict[str, str] = {}
    for col in columns:
        for text in col.path[:-1]:
            unit = unit_of(text)
            if unit:
                parents[text] = unit
    data = [r.index for r in rows if r.role in ("data", "pending")]
    for col in columns:
        if col.kind != "money":
            continue
        if col.index in given:
            col.unit, col.unit_source = given[col.index], "person"
            continue
        own = next((unit_of(t) for t in reversed(col.path) if unit_of(t)), None)
        if own:
            col.unit, col.unit_source = own, "header"
            continue
        if line:
            col.unit, col.unit_source = line, "unit line"
            continue
        written: Counter[str] = Counter()
        figures = []
        for r in data:
            value = cells[r][col.index]
            text = text_of(value)
            if not text:
                continue
            try:
                amount = read_amount(value, "yuan")
            except ParseError:
                continue
            if amount.own_unit:
                written[amount.own_unit] += 1
            figures.append(amount.number or Decimal(0))
        if written:
            col.unit, col.unit_source = written.most_common(1)[0][0], "cells"
            continue
        figures.sort()
        median = figures[len(figures) // 2] if figures else Decimal(0)
        col.unit = "wan" if median < 10_000 else "yuan"
        col.unit_source = "assumed"


def _amounts(grid: Grid, cells: list[list[Any]], columns: list[Column], rows: list[Row]
             ) -> tuple[dict[tuple[int, int], Amount], dict[tuple[int, int], CellNote]]:
    amounts: dict[tuple[int, int], Amount] = {}
    notes: dict[tuple[int, int], CellNote] = {}
    for row in rows:
        if row.role in ("title", "unit", "header", "empty", "footnote"):
            continue
        for col in columns:
            if not col.additive and col.kind != "number":
                continue
            value = cells[row.index][col.index]
            if (row.index, col.index) in grid.uncomputed:
                notes[(row.index, col.index)] = CellNote(error=_(
                    "公式没有计算结果：请在 Excel 中打开、保存后再上传，或粘贴为数值。"))
                continue
            if not text_of(value):
                continue
            try:
                amount = read_amount(value, col.unit, money=col.kind == "money")
            except ParseError as exc:
                if row.role != "data" and not looks_numeric(value):
                    continue  # a label spread over a number column
                notes[(row.index, col.index)] = CellNote(error=str(exc))
                continue
            if amount.number is None:
                continue
            amounts[(row.index, col.index)] = amount
            if amount.note or amount.parts:
                notes[(row.index, col.index)] = CellNote(note=amount.note, parts=amount.parts)
    return amounts, notes


def _figure(layout: Layout, row: int, col: int) -> Decimal | None:
    """A cell's figure for sums: yuan for money, the number otherwise."""
    amount = layout.amounts.get((row, col))
    if amount is None:
        return None
    return amount.yuan if amount.yuan is not None else amount.number


def _sum(layout: Layout, rows: list[int], col: int) -> Decimal:
    return sum((f for r in rows if (f := _figure(layout, r, col)) is not None), Decimal(0))


def _decimals(layout: Layout, rows: list[int], col: int) -> int:
    places = 0
    for r in rows:
        text = text_of(layout.cells[r][col])
        match = re.search(r"\.(\d+)", text)
        if match:
            places = max(places, len(match.group(1).rstrip("0")))
    return min(places, 6)


def _agrees(layout: Layout, row: int, rows: list[int], col: int) -> bool:
    published = _figure(layout, row, col)
    if published is None:
        return True
    computed = _sum(layout, rows, col)
    column = layout.column(col)
    places = _decimals(layout, [row, *rows], col)
    unit = Decimal(1).scaleb(-places) if places else Decimal(0)
    if column is not None and column.kind == "money" and column.unit:
        from xiezuo.core.money import FACTOR

        unit = unit * FACTOR[column.unit]
    return abs(published - computed) <= unit


def _check_columns(layout: Layout, row: int) -> list[int]:
    return [c.index for c in layout.columns if c.additive and (row, c.index) in layout.amounts]


def _candidates(layout: Layout, row: Row) -> list[list[int]]:
    """The sets of data rows a total, subtotal or category row may close or open (rule 5),
    the likeliest first. Rows are walked outwards from ``row`` (``layout.rows[i]`` is the
    grid's row ``i``), so a subtotal costs its group, not the table."""
    rows = layout.rows
    i = row.index
    if row.members:
        return [row.members]
    if row.role == "category":
        below = []
        for r in _walk(rows, i + 1, 1):
            if (r.role == "category" and r.level <= row.level) or r.role == "total":
                break
            if r.role == "data":
                below.append(r.index)
        _before, group = _neighbours(layout, i)
        return [below] + ([group] if group != below else [])
    passes = ("subtotal", "category") if row.role == "total" else ()
    before = _gather(rows, i - 1, -1, passes)
    after = _gather(rows, i + 1, 1, passes)
    if row.role == "total":
        data = [r.index for r in rows if r.role == "data"]
        return [c for c in (before, after, data) if c]
    return [c for c in (before, after) if c] or [[]]


BOUNDARY = ("subtotal", "total", "category", "header", "pending")


def _walk(rows: list[Row], start: int, step: int) -> Any:
    i = start
    while 0 <= i < len(rows):
        yield rows[i]
        i += step


def _gather(rows: list[Row], start: int, step: int, passes: tuple[str, ...] = ()) -> list[int]:
    """The data rows from ``start`` on (up or down) to the first boundary row, in order."""
    found = []
    for r in _walk(rows, start, step):
        if r.role in BOUNDARY and r.role not in passes:
            break
        if r.role == "data":
            found.append(r.index)
    return found if step > 0 else found[::-1]


def _resolve_unlabelled(layout: Layout, corrected: set[int]) -> None:
    """Rows with figures and no label are a subtotal (the rows before) or a total (all the
    rows) when their sums say so; an unnumbered row with a name among numbered rows is a
    category when its figures are the sum of the (two or more) rows under it, a subtotal
    when those above; else each is data."""
    data_count = sum(1 for r in layout.rows if r.role == "data")
    for row in layout.rows:
        if row.role != "pending":
            continue
        named = row.level == 1
        row.role, row.level = "data", 0
        columns = _check_columns(layout, row.index)
        before, after = _neighbours(layout, row.index)
        if not columns:
            data_count += 1
            continue
        least = 2 if named else 1
        for rows, role in ((before, "subtotal"), (after, "category"), (None, "total")):
            if named and role == "total":
                break
            if rows is None:  # a total adds up past the groups (walked only if needed)
                passes = ("subtotal", "category")
                rows = _gather(layout.rows, row.index - 1, -1, passes) + _gather(
                    layout.rows, row.index + 1, 1, passes)
                if len(rows) != data_count:
                    break
            if len(rows) >= least and all(_agrees(layout, row.index, rows, c) for c in columns):
                if not named and len(rows) == data_count:
                    role = "total"  # above or below all the data
                elif role == "category" and not named:
                    role = "subtotal"  # a figure standing on top of its group, no name
                row.role, row.level = role, 1 if role == "category" else 0
                row.members = list(rows)
                break
        if row.role == "data":
            data_count += 1


def _group_heads(layout: Layout, corrected: set[int]) -> None:
    """A table's total disagrees with its data rows, but agrees once some rows are read as
    the heads of the groups under them (a prefecture's figure over its counties', with no
    ordinal nor serial to tell): those rows are categories. The published total is the
    evidence; without one, or when it still disagrees, nothing changes."""
    totals = [r for r in layout.rows if r.role == "total"]
    if not totals:
        return
    total = totals[-1]
    columns = _check_columns(layout, total.index)
    data = [r for r in layout.rows if r.role == "data"]
    if not columns or _agrees(layout, total.index, [r.index for r in data], columns[0]):
        return
    col = columns[0]
    heads: dict[int, list[int]] = {}
    i = 0
    while i < len(data):
        head = data[i]
        figure = _figure(layout, head.index, col)
        if figure is None or head.index in corrected:
            i += 1
            continue
        running, members, j = Decimal(0), [], i + 1
        while j < len(data) and running < figure:
            running += _figure(layout, data[j].index, col) or Decimal(0)
            members.append(data[j].index)
            j += 1
        if len(members) >= 2 and _agrees(layout, head.index, members, col):
            heads[head.index] = members
            i = j
        else:
            i += 1
    rest = [r.index for r in data if r.index not in heads]
    if not heads or not all(_agrees(layout, total.index, rest, c) for c in columns):
        return
    for row in data:
        if row.index in heads:
            row.role, row.level, row.members = "category", 1, heads[row.index]
            row.label = next((compact(v) for v in layout.cells[row.index] if _is_text(v)), "")


def _neighbours(layout: Layout, i: int) -> tuple[list[int], list[int]]:
    """The data rows just above and just below row ``i``, up to the next row of another
    role."""
    return _gather(layout.rows, i - 1, -1), _gather(layout.rows, i + 1, 1)


def _groups(layout: Layout) -> dict[int, list[int]]:
    """Rule 6: money groups, each column's part."""
    money = [c for c in layout.columns if c.kind == "money"]
    data = [r.index for r in layout.data_rows()]
    groups: dict[int, list[int]] = {}
    used: set[int] = set()
    # columns under one parent header
    by_parent: dict[tuple[int, str], list[Column]] = {}
    for col in money:
        if len(col.path) >= 2:
            by_parent.setdefault((len(col.path), col.path[0]), []).append(col)
    for members in by_parent.values():
        if len(members) < 2 and not TOTAL_HEADERS.match(members[0].leaf):
            continue
        _assign_parts(layout, members, data)
        groups[members[0].index] = [c.index for c in members]
        used.update(c.index for c in members)
    # a total column followed by money columns
    loose = [c for c in money if c.index not in used]
    i = 0
    while i < len(loose):
        col = loose[i]
        if TOTAL_HEADERS.match(col.leaf):
            members = [col]
            j = i + 1
            while j < len(loose) and loose[j].index == members[-1].index + 1 \
                    and not TOTAL_HEADERS.match(loose[j].leaf):
                members.append(loose[j])
                j += 1
            _assign_parts(layout, members, data)
            groups[col.index] = [c.index for c in members]
            i = j
            continue
        # adjacent money columns naming sources add up; stages stand alone
        members = [col]
        j = i + 1
        if not any(w in col.leaf for w in STAGE_WORDS):
            while j < len(loose) and loose[j].index == members[-1].index + 1 \
                    and not TOTAL_HEADERS.match(loose[j].leaf) \
                    and not any(w in loose[j].leaf for w in STAGE_WORDS):
                members.append(loose[j])
                j += 1
        for m in members:
            m.part = "part" if len(members) > 1 else ""
            if OF_WHICH_RE.match(m.leaf):
                m.part = "of"
        groups[col.index] = [c.index for c in members]
        i = j
    return dict(sorted(groups.items()))


def _assign_parts(layout: Layout, members: list[Column], data: list[int]) -> None:
    totals = [c for c in members if TOTAL_HEADERS.match(c.leaf)]
    total = totals[0] if totals else None
    children = [c for c in members if c is not total]
    if total is None:
        for c in children:
            c.part = "of" if OF_WHICH_RE.match(c.leaf) else "part"
        return
    total.part = "total"
    plain = [c for c in children if not OF_WHICH_RE.match(c.leaf)]
    marked = [c for c in children if OF_WHICH_RE.match(c.leaf)]
    parts: list[Column] = []
    if len(children) <= 8:
        subsets = [list(s) for n in range(len(children), 0, -1)
                   for s in combinations(children, n)]
        subsets.sort(key=lambda s: (-len(s), sum(c in marked for c in s)))
        parts = next((s for s in subsets if _partition(layout, total, s, data)), [])
    if not parts:  # the figures do not say: the headers do
        parts = plain
    for c in children:
        c.part = "part" if c in parts else "of"


def _partition(layout: Layout, total: Column, parts: list[Column], data: list[int]) -> bool:
    """Whether the parts add up to the total on every data row that has a total."""
    seen = False
    for r in data:
        whole = _figure(layout, r, total.index)
        if whole is None:
            continue
        seen = True
        figures = [_figure(layout, r, c.index) for c in parts]
        added = sum((f for f in figures if f is not None), Decimal(0))
        if abs(added - whole) > Decimal("0.01") * max(1, len(parts)):
            return False
    return seen


def _partial_totals(layout: Layout) -> None:
    """Of several rows labelled as totals (城关镇合计, 河口镇合计, 总计), those that add up a
    part of the data while another adds up all of it are subtotals."""
    totals = [r for r in layout.rows if r.role == "total" and not r.corrected]
    if len(totals) < 2:
        return
    data = sorted(r.index for r in layout.rows if r.role == "data")
    found: dict[int, list[int]] = {}
    for row in totals:
        columns = _check_columns(layout, row.index)
        if not columns:
            continue
        found[row.index] = next((rows for rows in _candidates(layout, row) if rows and all(
            _agrees(layout, row.index, rows, c) for c in columns)), [])
    if not any(sorted(rows) == data for rows in found.values()):
        return
    for row in totals:
        rows = found.get(row.index, [])
        if rows and sorted(rows) != data:
            row.role, row.members = "subtotal", rows


def _checks(layout: Layout) -> list[Check]:
    checks = []
    for row in layout.rows:
        if row.role not in CHECKED_ROLES:
            continue
        columns = _check_columns(layout, row.index)
        if not columns:
            continue
        candidates = _candidates(layout, row)
        for col in columns:
            chosen = next((rows for rows in candidates
                           if rows and _agrees(layout, row.index, rows, col)), candidates[0])
            checks.append(_check(layout, row.index, col, chosen))
    return checks


def _check(layout: Layout, row: int, col: int, rows: list[int]) -> Check:
    from xiezuo.core.money import FACTOR

    column = layout.column(col)
    unit = column.unit if column is not None and column.kind == "money" else None
    factor = FACTOR[unit] if unit else Decimal(1)
    published = _figure(layout, row, col) or Decimal(0)
    computed = _sum(layout, rows, col)
    return Check(row, col, (published / factor).normalize(), (computed / factor).normalize(),
                 _agrees(layout, row, rows, col), rows, unit)
