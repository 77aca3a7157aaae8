"""Precompute the dashboards of the country, every province and prefecture with pairings
(both sides) and every pairing above county level, so pages open from the cache. Run it
from cron after the nightly imports; each page shows when its figures were computed."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from django.core.management.base import BaseCommand

from xiezuo.indicators import compute as c
from xiezuo.indicators import dashboard
from xiezuo.pairings.models import Pairing
from xiezuo.regions.models import Region


class Command(BaseCommand):
    help = "Compute dashboard figures into the cache (valid --hours, default 24)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--years", type=int, default=2, help="the latest N years")
        parser.add_argument("--year", type=int, default=dt.date.today().year,
                            help="the latest year (default: this year)")
        parser.add_argument("--hours", type=float, default=24)

    def handle(self, *args: Any, **options: Any) -> None:
        seconds = int(options["hours"] * 3600)
        this_year = options["year"]
        forest = c.Forest()
        started = time.perf_counter()
        count = 0
        for year in range(this_year - options["years"] + 1, this_year + 1):
            period = c.Period(year)
            pairings = list(Pairing.objects.active_in_year(year).exclude(recipient__level="county")
                            .select_related("donor__parent__parent",
                                            "recipient__parent__parent"))
            regions: dict[str, set[Region | None]] = {"recipient": {None}, "donor": {None}}
            for p in pairings:
                for side in ("recipient", "donor"):
                    region = getattr(p, side)
                    while region is not None and region.level != "county":
                        regions[side].add(region)
                        region = region.parent
            for side, found in regions.items():
                for region in found:
                    dashboard.region_data(region, side, period, refresh=True, seconds=seconds)
                    count += 1
            for p in pairings:
                dashboard.pairing_data(p, period, refresh=True, forest=forest, seconds=seconds)
                count += 1
        self.stdout.write(f"{count} dashboards in {time.perf_counter() - started:.1f} s")
