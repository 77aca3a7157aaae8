"""Labourers helped into jobs per pairing and year, from per-person records and count-only
entries together (a place reports one way or the other in a year, never both)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, Sum

from xiezuo.labour.models import Status


@dataclass
class Transfers:
    pairing_id: int
    year: int
    persons: int = 0
    poverty: int = 0
    monitored: int = 0
    organised: int = 0
    by_destination: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    #: how the figures were reported: per person, as counts, or both (different places)
    sources: set[str] = field(default_factory=set)


def by_pairing_year(records: Any, counts: Any) -> list[Transfers]:
    """Two queries, whatever the number of rows."""
    out: dict[tuple[int, int], Transfers] = {}
    per_person = (records.order_by().values("pairing_id", "year", "destination").annotate(
        n=Count("pk"), poverty=Count("pk", filter=Q(status=Status.POVERTY)),
        monitored=Count("pk", filter=Q(status=Status.MONITORED)),
        organised=Count("pk", filter=Q(organised=True))))
    totals = (counts.order_by().values("pairing_id", "year", "destination").annotate(
        n=Sum("persons"), poverty=Sum("persons_poverty"), monitored=Sum("persons_monitored"),
        organised=Sum("persons_organised")))
    for source, rows in (("person", per_person), ("count", totals)):
        for r in rows:
            t = out.setdefault((r["pairing_id"], r["year"]),
                               Transfers(r["pairing_id"], r["year"]))
            t.persons += r["n"] or 0
            t.poverty += r["poverty"] or 0
            t.monitored += r["monitored"] or 0
            t.organised += r["organised"] or 0
            t.by_destination[r["destination"]] += r["n"] or 0
            t.sources.add(source)
    return sorted(out.values(), key=lambda t: (-t.year, t.pairing_id))
