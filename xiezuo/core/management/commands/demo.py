"""Load the demo data of every app that has a ``demo`` module, in INSTALLED_APPS order."""

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


class Command(BaseCommand):
    help = "Load the demo offices, users and records (idempotent)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--today", type=dt.date.fromisoformat, default=None,
                            help="the day the demo is built for (YYYY-MM-DD; default: today): "
                                 "ongoing pairings run up to its year")

    def handle(self, *args: Any, **options: Any) -> None:
        from django.conf import settings
        from django.core.management.base import CommandError

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
        from xiezuo.accounts.demo import DEMO_PASSWORD, USERS

        self.stdout.write(self.style.SUCCESS(f"Demo users (password: {DEMO_PASSWORD}):"))
        for username, _name, office, role, _personal in USERS:
            self.stdout.write(f"  {username:<16} {role:<15} {office}")
