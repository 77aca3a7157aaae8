"""Metamorphic robustness check of the report reader: a DIAGNOSTIC, not a quality figure.

    python bench/news_robustness.py [--show KIND] [DIR ...]

Takes the annotated real reports (default: ``shared/corpus/real`` beside the repository)
and rewrites each in ways that keep its meaning, adjusting its annotation to match:

- ``pairing``: the pairing's regions become those of another pairing of the shipped
  pairing table valid on the report's date (names, short names and the contraction 鲁渝 →
  苏陕 in the text; the expected parties likewise; a city or county of a swapped province
  becomes one of the same level in the new province). Tibet and Xinjiang reports keep
  their prefecture and change the helping province to another that helps it;
- ``date``: the event's day moved three days earlier (dateline and publication line too);
- ``names``: every annotated official renamed to another plausible name of 2-3 characters;
- ``traditional``: the text converted to traditional characters (OpenCC s2t);
- ``no_publication``: the publication line (the header or footer line carrying the date)
  dropped; the expected date becomes null when nothing else prints the event's day;
- ``reorder``: the paragraphs after the lead (the first of 60 characters or more) in
  reverse order;
- ``spaced``: every comma, full stop, semicolon and enumeration comma written between
  spaces, as some pages print them (`干部 , 还有很多 。`);
- ``repeated``: the longest paragraph printed a second time at the end, as scrapers copy one;
- ``pdf``: the paragraphs set as a PDF page (WeasyPrint, 11 pt, an A4 page's width) and read
  back as an uploaded PDF is (``sources.read_upload``): the page breaks the paragraphs' lines
  in the middle of names and figures.

It scores the reader per field on the originals and on each kind of variant. A field that
holds on the originals and drops on a variant shows a rule fitted to the wording of the
development reports rather than to the field. The variants are made-up text: their
figures say where the reader is brittle and are NO evidence of its quality on real
reports (only unseen real reports are); never quote them as such.
"""

from __future__ import annotations

import argparse
import copy
import json
import re
import sys
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import opencc  # noqa: E402

from xiezuo.news.clean import clean_text, decode_bytes  # noqa: E402
from xiezuo.news.dates import FULL_DATE, publication_date  # noqa: E402
from xiezuo.news.evaluate import FIELDS, Report, core_region_name, score_record  # noqa: E402
from xiezuo.news.extract import Reader  # noqa: E402
from xiezuo.news.lexicon import to_simplified  # noqa: E402
from xiezuo.news.parties import is_zone  # noqa: E402
from xiezuo.news.regions import Registry, core_name, default_registry  # noqa: E402

DEFAULT_DIR = ROOT.parent / "shared" / "corpus" / "real"
S2T = opencc.OpenCC("s2t")
SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
    "苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史"
    "顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
)
GIVEN = (
    "建国华明军平志强伟芳丽敏静秀英勇杰涛斌海波晓红玉兰春雪梅兵宏峰刚健云飞凯东亮鹏振宇新文俊立成"
)
Variant = tuple[str, dict[str, Any]]
LEAD = 60  # the first paragraph this long is the lead


def _replace_all(text: str, pairs: list[tuple[str, str]]) -> str:
    """Replace every old word by its new one at once (longest first, both scripts)."""
    table: dict[str, str] = {}
    for old, new in pairs:
        if old == new:
            continue
        table.setdefault(old, new)
        old_t, new_t = S2T.convert(old), S2T.convert(new)
        table.setdefault(old_t, new_t)
        table.setdefault(old_t.replace("陝", "陜"), new_t.replace("陝", "陜"))
    if not table:
        return text
    pattern = re.compile("|".join(re.escape(k) for k in sorted(table, key=len, reverse=True)))
    text = pattern.sub(lambda m: table[m.group()], text)
    # words written in another traditional form (黃艷 for 黄艳): found in the simplified text
    simplified = to_simplified(text)
    if len(simplified) != len(text):
        return text
    simple = {old: new for old, new in pairs if old != new}
    pattern = re.compile("|".join(re.escape(k) for k in sorted(simple, key=len, reverse=True)))
    out, last = [], 0
    for match in pattern.finditer(simplified):
        out += [text[last : match.start()], S2T.convert(simple[match.group()])]
        last = match.end()
    return "".join(out) + text[last:]


# ------------------------------------------------------------------ pairing swap


def _province(code: str) -> str:
    return code[:2] + "0000"


def _same_level_in(registry: Registry, code: str, province: str, taken: set[str]) -> str | None:
    """A region of the level of ``code`` in ``province``, chosen by ``code``'s rank."""
    region = registry.get(code)
    if region is None:
        return None
    parent = registry.get(region.parent_code or "")
    siblings = sorted(
        c
        for c, r in registry.regions.items()
        if r.level == region.level
        and c[:2] == code[:2]
        and (parent is None or r.parent_code == parent.code or region.level != "county")
    )
    targets = sorted(
        c
        for c, r in registry.regions.items()
        if r.level == region.level and c[:2] == province[:2] and c != province and not is_zone(c)
    )
    if not targets:
        return None
    rank = siblings.index(code) if code in siblings else 0
    free = [t for t in targets if t not in taken] or targets
    return free[(rank * 7 + 3) % len(free)]


def _names_of(registry: Registry, code: str) -> list[str]:
    region = registry.get(code)
    if region is None:
        return []
    names = {
        region.name,
        region.short_name,
        registry.short(code),
        core_name(region.name, region.level),
    }
    return sorted((n for n in names if len(n) >= 2), key=len, reverse=True)


def _pairing_variant(text: str, gold: dict[str, Any], registry: Registry, k: int) -> Variant | None:
    if not all(isinstance(r, dict) for r in gold["donor_regions"] + gold["recipient_regions"]):
        return None  # regions annotated by name only
    donors = [r for r in gold["donor_regions"] if r.get("code")]
    recipients = [r for r in gold["recipient_regions"] if r.get("code")]
    if len(donors) != len(gold["donor_regions"]) or not donors or not recipients:
        return None
    donor_provinces = {_province(r["code"]) for r in donors}
    recipient_provinces = {_province(r["code"]) for r in recipients}
    if len(donor_provinces) != 1 or len(recipient_provinces) != 1:
        return None
    (dp,), (rp,) = donor_provinces, recipient_provinces
    on = date.fromisoformat(gold["date"]) if gold.get("date") else None
    mapping: dict[str, str] = {}
    if rp in ("540000", "650000", "630000"):  # keep the prefecture, change its helper
        prefecture = next((r["code"] for r in recipients if r["code"][2:] != "0000"), None)
        prefecture = (prefecture or "")[:4] + "00"
        helpers = sorted(
            {
                p.donor_code
                for p in registry.pairings
                if p.recipient_code == prefecture and p.donor_code != dp
            }
        )
        if not helpers:
            return None
        mapping[dp] = helpers[k % len(helpers)]
    else:
        rows = sorted(
            {
                (p.donor_code, p.recipient_code)
                for p in registry.pairings
                if p.covers(on)
                and p.recipient_code.endswith("0000")
                and p.donor_code not in (dp, rp)
                and p.recipient_code not in (dp, rp)
            }
        )
        if not rows:
            return None
        mapping[dp], mapping[rp] = rows[k % len(rows)]
    # every city or county of a swapped province moves too, party or not (a venue, a site)
    named = {
        codes[0]
        for _, _, alias in registry.find(to_simplified(text))
        if len(codes := registry.codes_for(alias)) == 1 and not codes[0].endswith("0000")
    }
    for code in [r["code"] for r in [*donors, *recipients]] + sorted(named):
        if code not in mapping and _province(code) in mapping:
            new = _same_level_in(registry, code, mapping[_province(code)], set(mapping.values()))
            if new is None and code not in named:
                return None
            if new is not None:
                mapping[code] = new
    pairs: list[tuple[str, str]] = []
    for old, new in mapping.items():
        for a, b in zip(_names_of(registry, old), _names_of(registry, new) * 3, strict=False):
            pairs.append((a, b))
    # every province named in the text, party or not, keeps its place: only the parties move
    provinces = registry.provinces
    if dp in mapping and rp in mapping and rp in provinces:
        for a in provinces[dp].abbreviations:
            for b in provinces[rp].abbreviations:
                pairs.append(
                    (
                        a + b,
                        provinces[mapping[dp]].abbreviations[0]
                        + provinces[mapping[rp]].abbreviations[0],
                    )
                )
    elif dp in mapping:
        for a in provinces[dp].abbreviations:
            pairs.append((a + "藏", provinces[mapping[dp]].abbreviations[0] + "藏"))
    new_text = _replace_all(text, pairs)
    new_gold = copy.deepcopy(gold)
    for side in ("donor_regions", "recipient_regions"):
        for r in new_gold[side]:
            if r.get("code") in mapping:
                region = registry.get(mapping[r["code"]])
                r["code"], r["name"] = mapping[r["code"]], region.name if region else r["name"]
    for agreement in new_gold.get("agreements") or []:
        agreement["subject"] = _replace_all(agreement.get("subject") or "", pairs)
    return new_text, new_gold


# ------------------------------------------------------------------ other variants


def _date_variant(text: str, gold: dict[str, Any]) -> Variant | None:
    if not gold.get("date"):
        return None
    old = date.fromisoformat(gold["date"])
    new = old - timedelta(days=3) if old.day > 3 else old + timedelta(days=3)
    y, m, d = old.year, old.month, old.day
    printed = re.compile(
        rf"(?<!\d)(?:{y}\s*[年\-./]\s*0?{m}\s*[月\-./]\s*0?{d}(?!\d)[日号]?|{m}月{d}(?=[日号])"
        rf"|(?<![\d月/.\-]){d}(?=日(?:上午|下午|晚|电|讯|,|在|召开|举行|从|获悉|\)|消息)))"
    )

    def shift(match: re.Match[str]) -> str:
        s = match.group()
        if "-" in s or "/" in s or "." in s:
            sep = "-" if "-" in s else ("/" if "/" in s else ".")
            return f"{new.year}{sep}{new.month:02d}{sep}{new.day:02d}"
        if "年" in s:
            return f"{new.year}年{new.month}月{new.day}日"
        if "月" in s:
            return f"{new.month}月{new.day}"
        return str(new.day)

    new_text, n = printed.subn(shift, text)
    if not n:
        return None
    new_gold = copy.deepcopy(gold)
    new_gold["date"] = new.isoformat()
    return new_text, new_gold


def _names_variant(text: str, gold: dict[str, Any], k: int) -> Variant | None:
    people = gold.get("people") or []
    if not people:
        return None
    pairs = []
    new_gold = copy.deepcopy(gold)
    for i, person in enumerate(new_gold["people"]):
        old = person["name"]
        if len(old) > 3:
            continue
        j = 7 * k + 13 * i + len(text)
        name = SURNAMES[j % len(SURNAMES)] + GIVEN[(j * 3) % len(GIVEN)]
        if (i + k) % 2 == 0:
            name += GIVEN[(j * 5 + 1) % len(GIVEN)]
        pairs.append((old, name))
        person["name"] = name
    if not pairs:
        return None
    return _replace_all(text, pairs), new_gold


def _traditional_variant(text: str, gold: dict[str, Any]) -> Variant | None:
    converted = S2T.convert(text)
    return (converted, gold) if converted != text else None


def _no_publication_variant(text: str, gold: dict[str, Any]) -> Variant | None:
    lines = text.split("\n")
    published = publication_date(lines)
    if published is None:
        return None
    for i, line in enumerate(lines):
        if (
            any(
                date(int(m["y"]), int(m["m"]), int(m["d"])) == published
                for m in FULL_DATE.finditer(line)
                if 1 <= int(m["m"]) <= 12 and 1 <= int(m["d"]) <= 31
            )
            and len(line) < 120
        ):
            rest = "\n".join(lines[:i] + lines[i + 1 :])
            new_gold = copy.deepcopy(gold)
            if gold.get("date"):
                event = date.fromisoformat(gold["date"])
                day = rf"(?<!\d){event.month}月{event.day}日|(?<![\d月]){event.day}日"
                years = (
                    {str(event.year), str(event.year - 1)}
                    if event.month <= 2
                    else {str(event.year)}
                )
                if not re.search(day, rest) or not any(y in rest for y in years):
                    new_gold["date"] = None  # no day, or no year to read it in
            return rest, new_gold
    return None


def _reorder_variant(text: str, gold: dict[str, Any]) -> Variant | None:
    lines = [line for line in text.split("\n") if line.strip()]
    lead = next((i for i, line in enumerate(lines) if len(line) >= LEAD), len(lines))
    if len(lines) - lead < 4:
        return None
    return "\n".join(lines[: lead + 1] + lines[lead + 1 :][::-1]), gold


def _spaced_variant(text: str, gold: dict[str, Any]) -> Variant | None:
    spaced = re.sub(r"([,，。;；、])", r" \1 ", text)
    return (spaced, gold) if spaced != text else None


def _repeated_variant(text: str, gold: dict[str, Any]) -> Variant | None:
    longest = max(text.split("\n"), key=len)
    return (text + "\n" + longest, gold) if len(longest) >= LEAD else None


def _pdf_variant(text: str, gold: dict[str, Any]) -> Variant | None:
    import html

    from weasyprint import HTML

    from xiezuo.news.sources import read_upload

    body = "".join(f"<p>{html.escape(line)}</p>" for line in text.split("\n") if line.strip())
    pdf = HTML(string=(
        '<html><head><meta charset="utf-8"></head><body style="font-family: WenQuanYi Micro '
        f'Hei, sans-serif; font-size: 11pt">{body}</body></html>'
    )).write_pdf()
    return read_upload("report.pdf", pdf).text, gold


# ------------------------------------------------------------------ scoring

PAIRINGS = 12  # variants per report: each other pairing of the table in turn


def _distinct(variants: list[Variant]) -> list[Variant]:
    return list({text: (text, gold) for text, gold in variants}.values())


KINDS: dict[str, Callable[[str, dict[str, Any], Registry], list[Variant]]] = {
    "pairing": lambda t, g, r: _distinct(
        [v for k in range(PAIRINGS) if (v := _pairing_variant(t, g, r, k))]
    ),
    "date": lambda t, g, r: [v for v in [_date_variant(t, g)] if v],
    "names": lambda t, g, r: [v for k in range(2) if (v := _names_variant(t, g, k))],
    "traditional": lambda t, g, r: [v for v in [_traditional_variant(t, g)] if v],
    "no_publication": lambda t, g, r: [v for v in [_no_publication_variant(t, g)] if v],
    "reorder": lambda t, g, r: [v for v in [_reorder_variant(t, g)] if v],
    "spaced": lambda t, g, r: [v for v in [_spaced_variant(t, g)] if v],
    "repeated": lambda t, g, r: [v for v in [_repeated_variant(t, g)] if v],
    "pdf": lambda t, g, r: [v for v in [_pdf_variant(t, g)] if v],
}


def _name(item: Any) -> str:
    return str(item["name"] if isinstance(item, dict) else item)


def _diff(pred: dict[str, Any], gold: dict[str, Any]) -> list[str]:
    out = []
    for name in FIELDS:
        if name in ("amounts", "counts", "event_types"):
            continue
        p, g = pred.get(name), gold.get(name)
        if name.endswith("regions"):
            p = sorted(core_region_name(_name(r)) for r in p or [])
            g = sorted(core_region_name(_name(r)) for r in g or [])
        elif name == "people":
            p, g = sorted(_name(r) for r in p or []), sorted(_name(r) for r in g or [])
        elif name == "agreements":
            p = sorted(a["subject"] for a in p or [])
            g = sorted(a["subject"] for a in g or [])
        if p != g:
            out.append(f"  {name}: got {p} expected {g}")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("directories", nargs="*", type=Path, default=[DEFAULT_DIR])
    parser.add_argument("--show", metavar="KIND", help="print the misread fields of these variants")
    args = parser.parse_args()
    reader = Reader.default()
    registry = default_registry()
    originals = []
    for directory in args.directories:
        for gold_path in sorted(directory.glob("*.json")):
            text_path = gold_path.with_suffix(".txt")
            if text_path.exists():
                text = decode_bytes(text_path.read_bytes())
                originals.append((gold_path.stem, text, json.loads(gold_path.read_text("utf-8"))))
    reports: dict[str, Report] = {"original": Report()}
    for stem, text, gold in originals:
        pred = reader.read(clean_text(text))
        score_record(pred, gold, reports["original"])
        reports["original"].files += 1
        if args.show == "original" and (lines := _diff(pred, gold)):
            print(stem, *lines, sep="\n")
    every = Report()
    for kind, make in KINDS.items():
        reports[kind] = Report()
        for stem, text, gold in originals:
            for new_text, new_gold in make(text, gold, registry):
                pred = reader.read(clean_text(new_text))
                score_record(pred, new_gold, reports[kind])
                score_record(pred, new_gold, every)
                reports[kind].files += 1
                every.files += 1
                if args.show == kind and (lines := _diff(pred, new_gold)):
                    print(f"{stem} [{kind}]", *lines, sep="\n")
    reports["all variants"] = every
    names = list(reports)
    print("per-field F1 on the original reports and on each kind of made-up variant")
    print("(a diagnostic of brittle rules, not the reader's quality)")
    print(f"{'field':<18}" + "".join(f"{n[:11]:>12}" for n in names))
    for name in FIELDS:
        print(f"{name:<18}" + "".join(f"{reports[n].scores[name].f1:12.3f}" for n in names))
    print(f"{'macro F1':<18}" + "".join(f"{reports[n].macro_f1:12.3f}" for n in names))
    print(f"{'reports':<18}" + "".join(f"{reports[n].files:12d}" for n in names))


if __name__ == "__main__":
    main()
