"""The record a careful reader takes from a report (see the corpus SCHEMA).

``extract_report`` cleans the text, then reads agreements, money, counts,
officials, the donor and recipient regions (codes from the region registry)
and the event's date, all from the simplified text. ``text`` fields are taken
from the report's own script where the cleaned line has the same length.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from xiezuo.news.agreements import Agreement, find_agreements
from xiezuo.news.breaks import first_of, last_of
from xiezuo.news.clean import CleanedReport, clean_file, clean_text
from xiezuo.news.dates import event_date
from xiezuo.news.events import find_event_types
from xiezuo.news.numbers import Amount, Count, find_amounts, find_counts
from xiezuo.news.parties import decide_sides, read_mentions, town_for_missing_side
from xiezuo.news.people import find_people
from xiezuo.news.regions import KnownPairing, Registry, build_registry, default_registry

WHAT_WIDTH = 36
DELIVERY_CUES = re.compile(r"交付|拨付|捐赠|捐款|捐助|移交|下达")
CUMULATIVE = re.compile(r"累计|以来|总计|全年")  # 累计捐款捐物: a summary's figure


PairingLike = KnownPairing | tuple[str, str, date | None, date | None]


def as_known_pairing(pairing: PairingLike) -> KnownPairing:
    if isinstance(pairing, KnownPairing):
        return pairing
    donor, recipient, start, end = pairing
    return KnownPairing(str(donor), str(recipient), start, end)


@dataclass
class Reader:
    """Extraction with a registry and, optionally, the pairings already known."""

    registry: Registry

    @classmethod
    def default(cls, pairings: Iterable[PairingLike] | None = None) -> Reader:
        """The shipped registry, with ``pairings`` known beyond the shipped province table.

        A pairing is a ``KnownPairing`` or a tuple ``(donor_code, recipient_code,
        start_date, end_date)`` (dates or None), as the pairing ledger holds them.
        """
        registry = default_registry()
        if pairings is not None:
            extra = [as_known_pairing(p) for p in pairings]
            registry = build_registry(registry.regions.values(), [*registry.pairings, *extra])
        return cls(registry)

    def read(self, report: CleanedReport, published: date | None = None) -> dict[str, Any]:
        """The record of a cleaned report; ``published`` is the publication date its file
        gives apart from the text (a web page's meta tags), if any."""
        return _extract(report, self.registry, published)


def _verbatim(original: str, text: str, start: int, end: int) -> str:
    """``text[start:end]`` in the report's own script (``original``, the report's
    ``original_text``) where the two are aligned."""
    if len(original) == len(text):
        return original[start:end]
    return text[start:end]


def _what(text: str, start: int, end: int) -> str:
    lo = last_of(text, ",。;:\n", start) + 1
    hi = first_of(text, ",。;\n", end)
    hi = len(text) if hi == -1 else hi
    before = text[max(lo, start - WHAT_WIDTH) : start]
    after = text[end : min(hi, end + 12)]
    return (before + after).strip()


def _amount_record(original: str, text: str, amount: Amount, what: str) -> dict[str, Any]:
    value = int(amount.value_yuan) if float(amount.value_yuan).is_integer() else amount.value_yuan
    return {
        "text": _verbatim(original, text, amount.start, amount.end),
        "value_yuan": value,
        "what": what,
        "approximate": amount.approximate,
    }


def _count_record(original: str, text: str, count: Count) -> dict[str, Any]:
    value = int(count.value) if float(count.value).is_integer() else count.value
    return {
        "text": _verbatim(original, text, count.start, count.end),
        "value": value,
        "unit": count.unit,
        "what": _what(text, count.start, count.end),
    }


RESTATED = 0.1  # 逾40亿元 beside 40.27亿元, 1200余名 beside 1236名
Figure = TypeVar("Figure", Amount, Count)


def _size(figure: Amount | Count) -> tuple[float, str]:
    if isinstance(figure, Amount):
        return figure.value_yuan, "元"
    return figure.value, figure.unit


def _without_restatements(items: list[Figure]) -> list[Figure]:
    """The figures less the rounded ones that restate an exact figure of the report.

    A headline's ``逾40亿元`` or ``1200余名`` restates the body's ``40.27亿元`` or
    ``1236名``: an approximate figure within a tenth of an exact one (in the same unit)
    is the same figure, rounded."""
    exact = [f for f in items if not f.approximate]
    if len(exact) == len(items) or not exact:
        return items
    sizes = [_size(e) for e in exact]
    kept = []
    for figure in items:
        value, unit = _size(figure)
        if figure.approximate and any(
            u == unit and v != value and abs(v - value) <= RESTATED * value
            and _rounds_to(figure.text, v, value)
            for v, u in sizes
        ):
            continue
        kept.append(figure)
    return kept


def _rounds_to(text: str, exact: float, rounded: float) -> bool:
    """Whether ``rounded`` (written ``text``) may restate ``exact``: 超过1亿元 does not
    restate 9152万元, 近1亿元 does."""
    if re.search(r"超|逾|余|多", text):
        return exact >= rounded
    if re.search(r"近|接近", text):
        return exact <= rounded
    return True


def _unique_by(items: list[dict[str, Any]], keys: tuple[str, ...]) -> list[dict[str, Any]]:
    seen: set[tuple[Any, ...]] = set()
    out = []
    for item in items:
        key = tuple(item[k] for k in keys)
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


def _agreement_record(agreement: Agreement, sides: list[dict[str, Any]]) -> dict[str, Any]:
    """An agreement without parties of its own is between the report's two sides."""
    parties = agreement.parties or [str(side["name"]) for side in sides]
    return {"parties": parties, "subject": agreement.subject}


def _region_record(registry: Registry, code: str) -> dict[str, Any]:
    region = registry.get(code)
    name = region.name if region and len(region.name) <= 5 else registry.short(code)
    return {"name": name, "code": code if region else None}


def _names_for(registry: Registry, codes: Iterable[str]) -> list[list[str]]:
    names: list[list[str]] = []
    for code in codes:
        region = registry.get(code)
        if region is not None:
            names.append(sorted({region.name, region.short_name, registry.short(code)}))
    return names


def _extract(
    report: CleanedReport, registry: Registry, published: date | None = None
) -> dict[str, Any]:
    text = report.text
    agreements = find_agreements(text)
    skip = [span for a in agreements for span in a.spans]
    amounts = _without_restatements(find_amounts(text))
    counts = _without_restatements(
        find_counts(text, skip=skip + [(a.start, a.end) for a in amounts])
    )
    people = find_people(text)
    names = [(p.start_of_name, p.start_of_name + len(p.name)) for p in people]
    mentions = read_mentions(text, registry, names)
    first = decide_sides(text, registry, None, mentions=mentions)
    when: date | None = event_date(
        text, report.simplified, _names_for(registry, first.donors + first.recipients),
        published,
    )
    # the date decides only between known pairings: without any among the parties (with no
    # date, every pairing counts) the sides stay as they are
    dated = when is not None and first.pairing_seen
    sides = decide_sides(text, registry, when, mentions=mentions) if dated else first
    whats = [_what(text, a.start, a.end) for a in amounts]
    delivered = any(
        DELIVERY_CUES.search(what) and not CUMULATIVE.search(what) for what in whats
    )
    donors = [_region_record(registry, c) for c in sides.donors]
    recipients = [_region_record(registry, c) for c in sides.recipients]
    town = town_for_missing_side(text, sides, mentions)
    if town is not None:  # the registry holds no towns: the side has a name and no code
        (recipients if sides.donors else donors).append({"name": town, "code": None})
    both = [*donors[:1], *recipients[:1]] if donors and recipients else []
    original = report.original_text
    return {
        "date": when.isoformat() if when else None,
        "event_types": find_event_types(
            text, bool(agreements), delivered, when, [a.start for a in agreements]
        ),
        "donor_regions": donors,
        "recipient_regions": recipients,
        "people": [{"name": p.name, "title": p.title} for p in people],
        "amounts": _unique_by(
            [_amount_record(original, text, a, w) for a, w in zip(amounts, whats, strict=True)],
            ("text", "value_yuan"),
        ),
        "counts": _unique_by(
            [_count_record(original, text, c) for c in counts], ("text", "value", "unit")
        ),
        "agreements": [_agreement_record(a, both) for a in agreements],
    }


def extract_text(text: str, registry: Registry | None = None) -> dict[str, Any]:
    """The record of a report given as text."""
    return _extract(clean_text(text), registry or default_registry())


def extract_file(path: str | Path, registry: Registry | None = None) -> dict[str, Any]:
    """The record of a report file, with its ``file`` key first."""
    record = _extract(clean_file(path), registry or default_registry())
    return {"file": str(path), **record}
