"""Load the demo data of every app that has a ``demo`` module, in INSTALLED_APPS order.

``--scale national`` (or a fraction such as ``--scale 0.1``) then adds the national dataset
(``core/national.py``): about 1,000 county pairings over ten years and 10^5 projects, 10^6
fund movements, labour and consumption records (times the scale), written in bulk."""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
from typing import Any

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from xiezuo.core.audit import Actor, acting_as


def parse_scale(text: str) -> float:
    """``national`` is 1; else a fraction of it above 0."""
    from django.core.management.base import CommandError

    try:
        scale = 1.0 if text == "national" else float(text)
    except ValueError:
        raise CommandError(f"--scale: 'national' or a number, not {text!r}") from None
    if not 0 < scale <= 1:
        raise CommandError("--scale: a number above 0 and at most 1")
    return scale


class Command(BaseCommand):
    help = "Load the demo offices, users and records (idempotent); --scale adds the national set."

    def add_arguments(self, parser: Any) -> None:
        from xiezuo.core import national

        parser.add_argument("--scale", default=None,
                            help="add the national dataset: 'national' (1) or a fraction, "
                                 "e.g. 0.1")
        parser.add_argument("--seed", type=int, default=national.SEED)
        parser.add_argument("--first-year", type=int, default=national.FIRST_YEAR)
        parser.add_argument("--years", type=int, default=national.YEARS)
        parser.add_argument("--today", type=dt.date.fromisoformat, default=None,
                            help="the day the demo is built for (YYYY-MM-DD; default: today): "
                                 "ongoing pairings run up to its year")

    def handle(self, *args: Any, **options: Any) -> None:
        from django.conf import settings
        from django.core.management.base import CommandError

        if options["scale"] is not None:
            parse_scale(options["scale"])  # refuse a bad scale before loading anything

        if not settings.DEMO:
            raise CommandError("the demo data (users with a shared password) is loaded in demo "
                               "mode only: not with XIEZUO_PRODUCTION=1 or XIEZUO_DEMO=0")
        from xiezuo.core.demodate import demo_today

        today = demo_today(options.get("today"))
        with acting_as(Actor(None, "demo")), transaction.atomic():
            for config in apps.get_app_configs():
                if not config.name.startswith("xiezuo."):
                    continue
                try:
                    module = importlib.import_module(f"{config.name}.demo")
                except ModuleNotFoundError as exc:
                    if exc.name != f"{config.name}.demo":
                        raise
                    continue
                takes_day = "today" in inspect.signature(module.load).parameters
                made = module.load(today=today) if takes_day else module.load()
                self.stdout.write(f"demo {config.label}: {len(made)}")
            # The demo rows were written straight to their tables, not through the ledger
            # write action: build the pre-aggregated figures from them.
            call_command("indicators", "rebuild", verbosity=0)
        if options["scale"] is not None:
            self.national(options)
        from xiezuo.accounts.demo import DEMO_PASSWORD, USERS

        self.stdout.write(self.style.SUCCESS(f"Demo users (password: {DEMO_PASSWORD}):"))
        for username, _name, office, role, _personal in USERS:
            self.stdout.write(f"  {username:<16} {role:<15} {office}")

    def phase(self, line: str) -> None:
        self.stdout.write(f"  {line}")

    def national(self, options: dict[str, Any]) -> None:
        import time

        from django.core.management.base import CommandError

        from xiezuo.core import national

        scale = parse_scale(options["scale"])
        started = time.perf_counter()
        try:
            with acting_as(Actor(None, "demo")):
                written = national.build(scale, options["seed"], options["first_year"],
                                         options["years"], progress=self.phase)
        except RuntimeError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"national dataset (scale {scale:g}, seed {options['seed']}): "
                          + ", ".join(f"{k} {v}" for k, v in written.items())
                          + f" in {time.perf_counter() - started:.0f} s")
