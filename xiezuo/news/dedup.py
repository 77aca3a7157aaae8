"""Near-duplicate reports: the same event told by several outlets.

Each report becomes a set of character 4-grams of its simplified text (spaces
and punctuation dropped, so reflowed or repunctuated copies still match).
MinHash signatures with LSH banding find candidate pairs without comparing every
pair; each candidate is confirmed on the exact Jaccard similarity, or on a
lower similarity when the two reports' records agree on the date and the
regions (reworded copies keep the facts). Confirmed pairs are joined into
clusters: one event, several sources.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

SHINGLE = 4
PERMUTATIONS = 64
BANDS = 32  # rows per band = PERMUTATIONS // BANDS = 2: finds pairs down to Jaccard ~0.2
SAME_TEXT = 0.5
SAME_FACTS = 0.2
_PRIME = (1 << 61) - 1
_MASK = (1 << 64) - 1
_NOISE = re.compile(r"[\s\W_]+", re.UNICODE)


def _coefficients() -> list[tuple[int, int]]:
    """Fixed pseudo-random (a, b) pairs: signatures are stable across runs."""
    out = []
    for i in range(PERMUTATIONS):
        digest = hashlib.blake2b(f"minhash-{i}".encode(), digest_size=16).digest()
        a = int.from_bytes(digest[:8], "little") % _PRIME or 1
        b = int.from_bytes(digest[8:], "little") % _PRIME
        out.append((a, b))
    return out


_COEFFICIENTS = _coefficients()


def shingles(text: str, size: int = SHINGLE) -> set[str]:
    """Character n-grams of ``text`` without spaces and punctuation."""
    compact = _NOISE.sub("", text)
    if len(compact) <= size:
        return {compact} if compact else set()
    return {compact[i : i + size] for i in range(len(compact) - size + 1)}


def _hash(shingle: str) -> int:
    return int.from_bytes(hashlib.blake2b(shingle.encode(), digest_size=8).digest(), "little")


def signature(grams: Iterable[str]) -> tuple[int, ...]:
    """The MinHash signature of a shingle set."""
    hashes = [_hash(g) for g in grams]
    if not hashes:
        return tuple([_MASK] * PERMUTATIONS)
    return tuple(min((a * h + b) % _PRIME for h in hashes) for a, b in _COEFFICIENTS)


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


@dataclass
class Document:
    key: str
    text: str
    record: dict[str, Any] = field(default_factory=dict)
    grams: set[str] = field(default_factory=set)
    minhash: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        if not self.grams:
            self.grams = shingles(self.text)
        if not self.minhash:
            self.minhash = signature(self.grams)


def _facts(record: dict[str, Any]) -> tuple[Any, frozenset[str], frozenset[str]]:
    def names(side: str) -> frozenset[str]:
        return frozenset(
            str(r.get("code") or r.get("name")) if isinstance(r, dict) else str(r)
            for r in record.get(side) or []
        )

    return record.get("date"), names("donor_regions"), names("recipient_regions")


def same_facts(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Two records tell the same event: same date, and shared regions on both sides."""
    date_a, donors_a, recipients_a = _facts(a)
    date_b, donors_b, recipients_b = _facts(b)
    if date_a is None or date_a != date_b:
        return False
    return bool(donors_a & donors_b) and bool(recipients_a & recipients_b)


def candidate_pairs(docs: Sequence[Document]) -> set[tuple[int, int]]:
    """Pairs that share at least one LSH band."""
    rows = PERMUTATIONS // BANDS
    buckets: dict[tuple[int, tuple[int, ...]], list[int]] = defaultdict(list)
    for index, doc in enumerate(docs):
        for band in range(BANDS):
            buckets[(band, doc.minhash[band * rows : (band + 1) * rows])].append(index)
    pairs: set[tuple[int, int]] = set()
    for members in buckets.values():
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                pairs.add((a, b))
    return pairs


def cluster(docs: Sequence[Document]) -> list[list[Document]]:
    """Groups of near-duplicate documents (singletons included), largest first."""
    parent = list(range(len(docs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in candidate_pairs(docs):
        similarity = jaccard(docs[a].grams, docs[b].grams)
        facts = same_facts(docs[a].record, docs[b].record)
        if similarity >= SAME_TEXT or (similarity >= SAME_FACTS and facts):
            parent[find(a)] = find(b)
    groups: dict[int, list[Document]] = defaultdict(list)
    for index, doc in enumerate(docs):
        groups[find(index)].append(doc)
    return sorted(groups.values(), key=lambda g: (-len(g), g[0].key))
