"""Which field of a ledger each column of an office's table fills: a suggestion, by the
columns' header texts and, for places, by their values.

Every importable ledger is a target: its fields are the import's own field specs
(``transfer.spec``), so the labels, the export headers and the model's verbose names all
match, and a short list of the words offices use instead adds the rest. Money follows the
layout's groups (layout rule 6): a group's parts fill the ledger's money fields when their
headers say which (东西部协作资金 → 财政援助资金, 地方配套 → 地方配套), else the group's total
fills the first; a total and its parts never both, an "of which" column never.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from xiezuo.sheets.layout import Column, Layout
from xiezuo.sheets.values import compact
from xiezuo.transfer.spec import FieldSpec, normalise_header

#: the words offices write for a field, by field name (any ledger with that field)
SYNONYMS: dict[str, tuple[str, ...]] = {
    "name": ("项目名称", "名称", "项目", "项目名", "建设项目", "项目内容名称"),
    "village": ("村", "村名", "村别", "所在村", "行政村", "实施村", "建设村", "受益村",
                "村（社区）", "村社区", "村庄"),
    "township": ("乡镇", "乡（镇）", "乡镇（街道）", "镇", "乡", "所在乡镇", "实施乡镇", "乡镇名称",
                 "街道", "建设地点", "实施地点", "项目地点", "地点", "项目实施地点", "建设地址"),
    "content": ("建设内容", "建设内容及规模", "建设规模及内容", "主要建设内容", "项目内容", "内容",
                "建设规模", "建设性质", "主要内容", "实施内容", "项目建设内容"),
    "implementing_unit": ("实施单位", "责任单位", "项目实施单位", "主管单位", "项目主管单位",
                          "建设单位", "业主单位", "项目单位", "牵头单位", "实施主体", "责任部门"),
    "region": ("所在县", "县", "县区", "区县", "县市区", "县（市、区）", "县（市区）", "地区",
               "受援县", "所在地区", "县名", "县（区）", "市县", "地方"),
    "year": ("年度", "年份", "资金年度", "项目年度", "实施年度", "年"),
    "sector": ("行业领域", "行业", "项目类别", "项目类型", "类别", "领域", "行业类别", "项目性质"),
    "status": ("项目状态", "状态", "建设状态", "进度", "项目进度", "实施进度"),
    "planned_start": ("计划开工", "开工时间", "开工日期", "计划开工时间", "开工年月"),
    "planned_finish": ("计划完工", "完工时间", "竣工时间", "计划完工时间", "完工日期", "竣工日期"),
    "beneficiaries": ("受益人数", "受益人口", "带动人数", "受益群众", "受益人口数", "惠及人数"),
    "beneficiaries_poverty": ("脱贫人口", "受益脱贫人口", "贫困人口", "建档立卡贫困人口",
                              "其中脱贫人口", "受益贫困人口"),
    "households": ("受益户数", "受益户", "带动户数", "惠及户数"),
    "jobs_created": ("带动就业", "就业人数", "吸纳就业", "带动就业人数"),
    "benefit_mechanism": ("利益联结机制", "利益联结", "联结机制", "带贫机制", "带贫减贫机制"),
    "asset_owner": ("资产归属", "产权归属", "资产所有者"),
    "amount": ("金额", "资金", "资金金额", "拨付金额", "安排金额", "分配金额", "下达金额", "投资",
               "投资规模", "资金规模", "资金额", "补助资金", "合计", "资金数"),
    "date": ("日期", "拨付日期", "下达日期", "时间", "拨付时间"),
    "type": ("资金环节", "环节", "资金类型"),
    "source": ("资金来源", "来源", "资金性质"),
    "project": ("项目名称", "项目", "所属项目"),
    "document_no": ("文号", "文件号", "凭证号", "下达文号", "资金文号", "文件文号", "批复文号"),
    "notes": ("备注", "说明", "附注"),
}

#: which money field a header names, by the words it holds; the first list that matches wins
MONEY_WORDS: list[tuple[str, tuple[str, ...]]] = [
    ("budget_social", ("社会帮扶", "社会资金", "社会捐", "捐赠", "捐款", "社会组织")),
    ("budget_local", ("地方配套", "配套", "地方资金", "地方财政", "县级", "本级", "市级", "省级",
                      "自筹", "整合", "县财政", "群众")),
    ("budget_other", ("其他", "贷款", "银行", "企业投", "企业自", "金融")),
    ("budget_fiscal", ("东西部", "协作资金", "财政援助", "援助资金", "帮扶资金", "对口", "援建资金",
                       "中央", "专项扶贫", "扶贫资金", "衔接资金", "财政资金", "财政")),
]

COMPATIBLE: dict[str, set[str]] = {
    "money": {"money"},
    "count": {"int", "number", "year"},
    "number": {"number", "int", "year"},
    "text": {"text", "choice", "region", "model", "pairing", "date", "year", "bool"},
    "date": {"date", "year", "text"},
}


def suggest(layout: Layout, specs: list[FieldSpec], region_texts: Any = None) -> dict[int, str]:
    """Column index → field name. ``region_texts(texts, spec)`` says how many of a column's
    texts name a place of the field's levels (the registry); None: by header only."""
    mapping: dict[int, str] = {}
    taken: set[str] = set()
    by_name = {s.name: s for s in specs}
    money_specs = [s for s in specs if s.kind == "money"]
    _money(layout, money_specs, mapping, taken)
    scored: list[tuple[int, int, str]] = []
    for col in layout.columns:
        if col.index in mapping or col.kind in ("serial", "empty", "money"):
            continue
        for spec in specs:
            if spec.kind not in COMPATIBLE.get(col.kind, set()) or spec.kind == "money":
                continue
            score = header_score(col, spec)
            if score:
                scored.append((score, col.index, spec.name))
    for _score, index, name in sorted(scored, key=lambda s: (-s[0], s[1])):
        if index in mapping or name in taken:
            continue
        mapping[index] = name
        taken.add(name)
    region = by_name.get("region")
    if region is not None and "region" not in taken and region_texts is not None:
        for col in layout.columns:
            if col.kind != "text" or col.index in mapping:
                continue
            texts = column_texts(layout, col.index)
            if texts and region_texts(texts[:20], region) >= 0.6 * min(len(texts), 20):
                mapping[col.index] = "region"
                break
    return mapping


def header_score(col: Column, spec: FieldSpec) -> int:
    """How well a column's header names a field: 100 its label, 90 an office's word for it,
    less for a word contained in the other."""
    leaf = _norm(col.leaf)
    whole = _norm("".join(col.path))
    if not leaf:
        return 0
    aliases = {a for a in spec.aliases if a}
    words = {_norm(w) for w in SYNONYMS.get(spec.name, ())}
    if leaf in aliases or whole in aliases:
        return 100
    if leaf in words or whole in words:
        return 90
    best = 0
    for alias in aliases | words:
        if len(alias) >= 2 and (alias in leaf or (len(leaf) >= 2 and leaf in alias)):
            best = max(best, 40 + min(len(alias), len(leaf)) * 5)
    return min(best, 85)


def _norm(text: str) -> str:
    from xiezuo.transfer import parse

    bare = parse.unit_of_header(normalise_header(compact(text)))[0]
    for mark in ("其中：", "其中"):
        bare = bare.removeprefix(mark)
    return bare.replace("（", "").replace("）", "")


def money_field(col: Column, specs: list[FieldSpec]) -> FieldSpec | None:
    """The money field a column's header names (by label, then by the words of MONEY_WORDS)."""
    names = {s.name: s for s in specs}
    for spec in specs:
        if header_score(col, spec) >= 90:
            return spec
    text = "".join(col.path[-1:]) or ""
    for name, words in MONEY_WORDS:
        if name in names and any(w in text for w in words):
            return names[name]
    return None


def _money(layout: Layout, specs: list[FieldSpec], mapping: dict[int, str],
           taken: set[str]) -> None:
    """The first money group fills the ledger's money fields (its parts when each names a
    field of its own, else its total, else its first column); later groups only where their
    headers name a field still free."""
    if not specs:
        return
    for n, members in enumerate(layout.groups.values()):
        cols = [c for c in (layout.column(i) for i in members) if c is not None]
        parts = [c for c in cols if c.part == "part"]
        total = next((c for c in cols if c.part == "total"), None)
        lone = [c for c in cols if c.part == ""]
        chosen: dict[int, str] = {}
        if parts and len(specs) > 1:
            for col in parts:
                spec = money_field(col, specs)
                if spec is None or spec.name in taken or spec.name in chosen.values():
                    chosen = {}
                    break
                chosen[col.index] = spec.name
        if not chosen:
            principal = total or (lone[0] if lone else parts[0] if parts else None)
            if principal is None:
                continue
            spec = money_field(principal, specs)
            if spec is None and n == 0:
                spec = next((s for s in specs if s.name not in taken), None)
            if spec is None or spec.name in taken:
                continue
            chosen = {principal.index: spec.name}
        mapping.update(chosen)
        taken.update(chosen.values())


def column_texts(layout: Layout, index: int) -> list[str]:
    seen: list[str] = []
    for row in layout.data_rows():
        text = compact(layout.cells[row.index][index])
        if text and text not in seen:
            seen.append(text)
    return seen


def mapped_twice(mapping: dict[int, str]) -> Iterable[str]:
    counts: dict[str, int] = {}
    for name in mapping.values():
        if name:
            counts[name] = counts.get(name, 0) + 1
    return [n for n, k in counts.items() if k > 1]
