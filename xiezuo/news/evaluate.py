"""Scoring of the reader against annotated reports, as the corpus SCHEMA describes.

Per field, micro-averaged over reports: ``date`` exact; ``event_types`` as sets;
regions as sets of core names per side (a region on the wrong side is a miss);
``people`` on names; ``amounts`` matching when ``value_yuan`` agrees within
0.5 %; ``counts`` on (value, unit) with units simplified; ``agreements`` when the
subjects' character-bigram Jaccard similarity is at least 0.5. Cleaning is the
character similarity (1 − normalised edit distance, NFKC on both sides) of the
cleaned lines against ``*.clean.txt``, line k against line k.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xiezuo.news.lexicon import to_simplified
from xiezuo.news.regions import ETHNIC_GROUPS

FIELDS = (
    "date",
    "event_types",
    "donor_regions",
    "recipient_regions",
    "people",
    "amounts",
    "counts",
    "agreements",
)
AMOUNT_TOLERANCE = 0.005
SUBJECT_JACCARD = 0.5
_ETHNIC = "|".join(sorted(ETHNIC_GROUPS, key=len, reverse=True))
_AUTONOMOUS = re.compile(rf"(?:(?:{_ETHNIC})族)+自治(?:州|县|旗|区)$")
_SUFFIX = re.compile(r"(?:特别行政区|自治区|自治州|自治县|自治旗|地区|省|市|盟|州|县|区|旗)$")


@dataclass
class Score:
    tp: float = 0
    fp: float = 0
    fn: float = 0

    def add(self, tp: float, fp: float, fn: float) -> None:
        self.tp += tp
        self.fp += fp
        self.fn += fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    scores: dict[str, Score] = field(default_factory=lambda: {f: Score() for f in FIELDS})
    cleaning: list[float] = field(default_factory=list)
    files: int = 0

    @property
    def regions(self) -> Score:
        both = Score()
        for side in ("donor_regions", "recipient_regions"):
            s = self.scores[side]
            both.add(s.tp, s.fp, s.fn)
        return both

    @property
    def macro_f1(self) -> float:
        return sum(self.scores[f].f1 for f in FIELDS) / len(FIELDS)

    @property
    def cleaning_similarity(self) -> float | None:
        return sum(self.cleaning) / len(self.cleaning) if self.cleaning else None

    def table(self) -> str:
        rows = [f"{'field':<18}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>6}{'fn':>6}"]
        for name, s in [*self.scores.items(), ("regions", self.regions)]:
            rows.append(
                f"{name:<18}{s.precision:7.3f}{s.recall:7.3f}{s.f1:7.3f}{s.tp:6.0f}{s.fp:6.0f}{s.fn:6.0f}"
            )
        rows.append(f"{'macro F1':<18}{self.macro_f1:21.3f}")
        sim = self.cleaning_similarity
        if sim is not None:
            rows.append(f"{'cleaning sim':<18}{sim:21.3f}  ({len(self.cleaning)} files)")
        rows.append(f"{'reports':<18}{self.files:21d}")
        return "\n".join(rows)


# ------------------------------------------------------------------ helpers


def core_region_name(name: str) -> str:
    """湘西土家族苗族自治州 = 湘西州 = 湘西; 东乡族自治县 = 东乡; 新疆维吾尔自治区 = 新疆."""
    name = to_simplified(name.strip())
    name = re.sub(r"维吾尔自治区$", "", name)
    match = _AUTONOMOUS.search(name)
    if match:
        before = name[: match.start()]
        if len(before) >= 2:
            return before
        first_group = re.match(rf"(?:{_ETHNIC})", match.group())
        return before + (first_group.group() if first_group else "")
    core = _SUFFIX.sub("", name)
    return core if len(core) >= 2 else name


def _region_names(items: Iterable[Any] | None) -> set[str]:
    names = set()
    for item in items or []:
        name = item.get("name") if isinstance(item, dict) else item
        if name:
            names.add(core_region_name(str(name)))
    return names


def _set_score(pred: set[Any], gold: set[Any]) -> tuple[int, int, int]:
    tp = len(pred & gold)
    return tp, len(pred - gold), len(gold - pred)


def _match(
    pred: list[Any], gold: list[Any], same: Callable[[Any, Any], bool]
) -> tuple[int, int, int]:
    """Greedy one-to-one matching."""
    left = list(gold)
    tp = 0
    for p in pred:
        for i, g in enumerate(left):
            if same(p, g):
                tp += 1
                del left[i]
                break
    return tp, len(pred) - tp, len(left)


def _bigrams(text: str) -> set[str]:
    text = re.sub(r"[\s《》“”\"()()]", "", to_simplified(text or ""))
    return {text[i : i + 2] for i in range(len(text) - 1)} or {text}


def subject_similarity(a: str, b: str) -> float:
    x, y = _bigrams(a), _bigrams(b)
    return len(x & y) / len(x | y) if x | y else 0.0


def _amount_same(p: dict[str, Any], g: dict[str, Any]) -> bool:
    pv, gv = float(p.get("value_yuan") or 0), float(g.get("value_yuan") or 0)
    return gv != 0 and abs(pv - gv) <= AMOUNT_TOLERANCE * abs(gv)


def _count_key(item: dict[str, Any]) -> tuple[float, str]:
    return float(item.get("value") or 0), to_simplified(str(item.get("unit") or ""))


def _count_same(p: dict[str, Any], g: dict[str, Any]) -> bool:
    return _count_key(p) == _count_key(g)


def _agreement_same(p: dict[str, Any], g: dict[str, Any]) -> bool:
    return (
        subject_similarity(str(p.get("subject") or ""), str(g.get("subject") or ""))
        >= SUBJECT_JACCARD
    )


def _person_names(items: Iterable[Any] | None) -> set[str]:
    return {to_simplified(i["name"] if isinstance(i, dict) else str(i)) for i in items or []}


def score_record(pred: dict[str, Any], gold: dict[str, Any], report: Report) -> None:
    """Add the comparison of one predicted record with its annotation to ``report``."""
    s = report.scores
    pd, gd = pred.get("date"), gold.get("date")
    s["date"].add(
        int(pd is not None and pd == gd),
        int(pd is not None and pd != gd),
        int(gd is not None and pd != gd),
    )
    s["event_types"].add(
        *_set_score(set(pred.get("event_types") or []), set(gold.get("event_types") or []))
    )
    for side in ("donor_regions", "recipient_regions"):
        s[side].add(*_set_score(_region_names(pred.get(side)), _region_names(gold.get(side))))
    s["people"].add(
        *_set_score(_person_names(pred.get("people")), _person_names(gold.get("people")))
    )
    s["amounts"].add(*_match(pred.get("amounts") or [], gold.get("amounts") or [], _amount_same))
    s["counts"].add(*_match(pred.get("counts") or [], gold.get("counts") or [], _count_same))
    s["agreements"].add(
        *_match(pred.get("agreements") or [], gold.get("agreements") or [], _agreement_same)
    )


def edit_distance(a: str, b: str) -> int:
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def cleaning_similarity(cleaned: list[str], reference: list[str]) -> float:
    """1 − (summed edit distance / summed length), line k against line k, NFKC on both."""
    distance = total = 0
    for k, ref in enumerate(reference):
        got = unicodedata.normalize("NFKC", cleaned[k] if k < len(cleaned) else "")
        ref = unicodedata.normalize("NFKC", ref)
        distance += edit_distance(got, ref)
        total += max(len(got), len(ref))
    return 1.0 - distance / total if total else 1.0


def annotated_reports(directory: Path) -> list[tuple[Path, Path, Path | None]]:
    """(report, annotation, clean reference or None) for every annotated report in ``directory``."""
    found = []
    for gold in sorted(directory.glob("*.json")):
        text = gold.with_suffix(".txt")
        if not text.exists():
            continue
        clean = gold.with_name(gold.stem + ".clean.txt")
        found.append((text, gold, clean if clean.exists() else None))
    return found


def evaluate_directory(directory: Path | str) -> Report:
    """Clean and read every annotated report of ``directory`` and score it."""
    from xiezuo.news.clean import clean_file
    from xiezuo.news.extract import Reader

    reader = Reader.default()
    report = Report()
    for text_path, gold_path, clean_path in annotated_reports(Path(directory)):
        cleaned = clean_file(text_path)
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        score_record(reader.read(cleaned), gold, report)
        report.files += 1
        if clean_path is not None:
            reference = clean_path.read_text(encoding="utf-8").rstrip("\n").split("\n")
            report.cleaning.append(cleaning_similarity(cleaned.simplified, reference))
    return report
