"""Demo pairings: every pairing named in the seed reports, with its real codes and dates."""

from __future__ import annotations

import datetime as dt

from xiezuo.pairings.models import Kind, Pairing
from xiezuo.regions.models import Region

# (key, donor code, recipient code, kind, start, end, parent key, notes)
PAIRINGS: list[tuple[str, str, str, str, dt.date, dt.date | None, str | None, str]] = [
    ("sd-gs", "370000", "620000", Kind.EAST_WEST, dt.date(2021, 1, 1), None, None, ""),
    ("jn-xx", "370100", "433100", Kind.EAST_WEST_POVERTY, dt.date(2017, 1, 1),
     dt.date(2020, 12, 31), None, "2021 年起济南市转为协作临夏州。"),
    ("jn-lx", "370100", "622900", Kind.EAST_WEST, dt.date(2021, 1, 1), None, "sd-gs", ""),
    ("zq-jss", "370114", "622927", Kind.EAST_WEST, dt.date(2021, 1, 1), None, "jn-lx", ""),
    ("szq-lxs", "370103", "622901", Kind.EAST_WEST, dt.date(2021, 1, 1), None, "jn-lx", ""),
    ("qd-hz", "370200", "371700", Kind.PROVINCIAL, dt.date(2016, 1, 1), None, None,
     "省内扶贫协作。"),
    ("gd-ls", "440000", "513400", Kind.EAST_WEST_POVERTY, dt.date(2016, 1, 1), None, None,
     "东西部扶贫协作 / 对口支援。"),
    ("gd-gz", "440000", "513300", Kind.EAST_WEST_POVERTY, dt.date(2016, 1, 1), None, None,
     "东西部扶贫协作 / 对口支援。"),
    ("lz-ls", "510500", "513400", Kind.PROVINCIAL, dt.date(2016, 1, 1), None, None,
     "泸州市各区县对口帮扶凉山州各县。"),
    ("jy-yy", "510502", "513423", Kind.PROVINCIAL, dt.date(2016, 1, 1), None, "lz-ls", ""),
    ("lmt-pg", "510504", "513428", Kind.PROVINCIAL, dt.date(2016, 1, 1), None, "lz-ls", ""),
]


def load() -> dict[str, Pairing]:
    """Create (or find) the demo pairings; returns them by key. Idempotent."""
    codes = {c for row in PAIRINGS for c in row[1:3]}
    regions = {r.code: r for r in Region.objects.filter(code__in=codes, valid_to__isnull=True)}
    missing = codes - regions.keys()
    if missing:
        raise RuntimeError(f"region registry lacks {sorted(missing)}: run `xiezuo regions load`")
    made: dict[str, Pairing] = {}
    for key, donor, recipient, kind, start, end, parent, notes in PAIRINGS:
        pairing, _ = Pairing.objects.get_or_create(
            donor=regions[donor], recipient=regions[recipient], kind=kind, start_date=start,
            defaults={"end_date": end, "parent": made.get(parent or ""),
                      "level": regions[recipient].level, "notes": notes},
        )
        made[key] = pairing
    return made
