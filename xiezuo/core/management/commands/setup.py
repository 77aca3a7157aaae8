"""Prepare an installation: database schema, cache table, region registry, the indicators'
pre-aggregated figures, static files."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Migrate the database, load the region registry and collect static files."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--no-static", action="store_true", help="skip collectstatic")

    def handle(self, *args: Any, **options: Any) -> None:
        verbosity = options["verbosity"]
        call_command("migrate", interactive=False, verbosity=verbosity)
        call_command("createcachetable", verbosity=verbosity)
        call_command("regions", "load", verbosity=verbosity)
        call_command("indicators", "rebuild", verbosity=verbosity)
        if not options["no_static"]:
            call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(self.style.SUCCESS("xiezuo is set up."))
