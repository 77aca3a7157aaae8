"""``xiezuo indicators rebuild``: build the pre-aggregated figures from the ledgers.

``xiezuo setup`` runs it after migrating; the figures then follow every row the application
writes (the ledger write action refreshes them). Run it again after data was changed outside
the application (raw SQL, a bulk update in a shell); see :mod:`xiezuo.ledgers.figures`.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from xiezuo.indicators import aggregates
from xiezuo.indicators.models import Indicator


class Command(BaseCommand):
    help = "Indicator maintenance: rebuild [CODE ...] the pre-aggregated figures."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("action", choices=["rebuild"])
        parser.add_argument("codes", nargs="*", help="indicator codes (default: all)")

    def handle(self, *args: Any, **options: Any) -> None:
        chosen = None
        if options["codes"]:
            chosen = list(Indicator.objects.filter(code__in=options["codes"]))
            missing = set(options["codes"]) - {i.code for i in chosen}
            if missing:
                raise CommandError(f"unknown indicator codes: {', '.join(sorted(missing))}")
        started = time.perf_counter()
        done = aggregates.rebuild(chosen)
        verbosity = options["verbosity"]
        if verbosity >= 2:
            for code, count in done.items():
                self.stdout.write(f"{code}: {count} figures")
        if verbosity >= 1:
            self.stdout.write(f"{len(done)} indicators pre-aggregated, "
                              f"{sum(done.values())} figures in "
                              f"{time.perf_counter() - started:.1f} s")
