"""Build the annotated test reports of this directory from their sources in ``src/``.

Each source holds a clean simplified report, its damage recipe and its
annotation, so that the clean text of every damaged report stays known:

    #script: traditional          (or simplified; traditional goes through OpenCC s2t)
    #width: half                  (full keeps full-width punctuation, half applies NFKC)
    #pinyin: 协 联 业 | toned     (characters followed by their pinyin; toned, toneless,
                                   doubled or spaced)
    #mojibake: 3:为湘西 5:各项      (line:text, damage starts at that text's first character)
    #punct: 2 4                   (lines whose punctuation is doubled: ",," ",、" ",。")
    #clean_lines: 5               (how many first lines the .clean.txt reference covers)
    ---
    @@ a boilerplate line (kept in the report, empty in the reference)
    report lines…
    ===
    { the annotation, text fields in simplified: converted like the report }

Run ``python -m xiezuo.news.corpus.build`` after changing a source; it writes
``NNN_slug.txt``, ``NNN_slug.json`` and, for damaged reports, ``NNN_slug.clean.txt``.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import opencc

from xiezuo.news.lexicon import readings
from xiezuo.news.mojibake import damage_gbk

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "src"
BOILERPLATE_MARK = "@@"
_TONED_FIRST: dict[str, str] = {}


@dataclass
class Recipe:
    script: str = "simplified"
    width: str = "full"
    pinyin_chars: str = ""
    pinyin_style: str = "toned"
    mojibake: list[tuple[int, str]] = field(default_factory=list)
    punct_lines: list[int] = field(default_factory=list)
    clean_lines: int = 0

    @property
    def damaged(self) -> bool:
        return bool(self.pinyin_chars or self.mojibake or self.punct_lines or self.clean_lines)


def _toned_reading(ch: str) -> str | None:
    """The first toned reading of ``ch`` from the shipped pinyin table."""
    if not _TONED_FIRST:
        data = (Path(__file__).resolve().parents[1] / "data" / "pinyin.tsv").read_text(
            encoding="utf-8"
        )
        for line in data.splitlines():
            key, _, value = line.partition("\t")
            _TONED_FIRST[key] = value.split(",")[0]
    return _TONED_FIRST.get(ch)


def add_pinyin(line: str, chars: str, style: str) -> str:
    """Insert pinyin after each of ``chars`` as bad converters did ("協" → "協(xié)").

    ``style``: ``toned`` "協(xié)", ``toneless`` "協(xie)", ``doubled`` "協(xié)(xié)",
    ``spaced`` "協 (xié) ".
    """
    out: list[str] = []
    for ch in line:
        out.append(ch)
        if ch not in chars:
            continue
        toned = _toned_reading(ch)
        if toned is None:
            continue
        plain = sorted(readings().get(ch, frozenset({toned})))[0]
        note = {
            "toned": f"({toned})",
            "toneless": f"({plain})",
            "doubled": f"({toned})({toned})",
            "spaced": f" ({toned}) ",
        }[style]
        out.append(note)
    return "".join(out)


def double_punctuation(line: str) -> str:
    """Bad conversions doubled punctuation: "，" → "，，", "、" → "，、", "。" → "，。"."""
    comma = "，" if "，" in line else ","
    line = re.sub(r"([,，])", r"\1\1", line)
    return re.sub(r"(?<![,，])([、。])", comma + r"\1", line)


def parse_source(path: Path) -> tuple[Recipe, list[str], dict[str, Any]]:
    head, _, rest = path.read_text(encoding="utf-8").partition("\n---\n")
    body, _, annotation = rest.partition("\n===\n")
    recipe = Recipe()
    for line in head.splitlines():
        key, _, value = line.lstrip("#").partition(":")
        value = value.strip()
        if key == "script":
            recipe.script = value
        elif key == "width":
            recipe.width = value
        elif key == "pinyin":
            chars, _, style = value.partition("|")
            recipe.pinyin_chars = chars.replace(" ", "")
            recipe.pinyin_style = style.strip() or "toned"
        elif key == "mojibake":
            recipe.mojibake = [(int(a), b) for a, b in (p.split(":", 1) for p in value.split())]
        elif key == "punct":
            recipe.punct_lines = [int(v) for v in value.split()]
        elif key == "clean_lines":
            recipe.clean_lines = int(value)
    return recipe, body.split("\n"), json.loads(annotation)


def _convert(text: str, recipe: Recipe, converter: opencc.OpenCC) -> str:
    if recipe.script == "traditional":
        text = str(converter.convert(text))
    if recipe.width == "half":
        text = unicodedata.normalize("NFKC", text)
    return text


def _convert_annotation(value: Any, recipe: Recipe, converter: opencc.OpenCC) -> Any:
    if isinstance(value, dict):
        return {
            k: _convert(v, recipe, converter)
            if k == "text" and isinstance(v, str)
            else _convert_annotation(v, recipe, converter)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_convert_annotation(v, recipe, converter) for v in value]
    return value


def render(recipe: Recipe, lines: list[str]) -> tuple[list[str], list[str]]:
    """(damaged report lines, clean reference lines)."""
    converter = opencc.OpenCC("s2t")
    raw: list[str] = []
    reference: list[str] = []
    for number, line in enumerate(lines, 1):
        boilerplate = line.startswith(BOILERPLATE_MARK)
        text = line[len(BOILERPLATE_MARK) :].strip() if boilerplate else line
        reference.append("" if boilerplate else text)
        out = _convert(text, recipe, converter)
        if recipe.pinyin_chars and not boilerplate:
            target = (
                str(converter.convert(recipe.pinyin_chars))
                if recipe.script == "traditional"
                else recipe.pinyin_chars
            )
            out = add_pinyin(out, target, recipe.pinyin_style)
        if number in recipe.punct_lines:
            out = double_punctuation(out)
        for line_no, anchor in recipe.mojibake:
            if line_no == number:
                out = damage_gbk(out, out.index(_convert(anchor, recipe, converter)))
        raw.append(out)
    return raw, reference[: recipe.clean_lines]


def build(source: Path) -> None:
    recipe, lines, annotation = parse_source(source)
    raw, reference = render(recipe, lines)
    stem = source.name.removesuffix(".src.txt")
    (HERE / f"{stem}.txt").write_text("\n".join(raw), encoding="utf-8")
    converter = opencc.OpenCC("s2t")
    annotation = _convert_annotation(annotation, recipe, converter)
    (HERE / f"{stem}.json").write_text(
        json.dumps(annotation, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    clean = HERE / f"{stem}.clean.txt"
    if recipe.clean_lines:
        clean.write_text("\n".join(reference) + "\n", encoding="utf-8")
    elif clean.exists():
        clean.unlink()


def main() -> None:
    for source in sorted(SOURCES.glob("*.src.txt")):
        build(source)


if __name__ == "__main__":
    main()
