"""xiezuo opendata iati [--format xml|json] [--region CODE] [--year Y] [--pairing ID]
[--user NAME] > file: the projects as IATI activities on standard output.

Without ``--user`` every project is exported (the command line is the operator's); with it,
only what that user may see, as on the 开放数据 page.
"""

from __future__ import annotations

import sys
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from xiezuo.opendata.filters import OpenDataFilter
from xiezuo.opendata.iati import EMPTY, Export, visible
from xiezuo.projects.models import Project


class Command(BaseCommand):
    help = "Export projects as IATI 2.03 activities (XML or JSON) to standard output."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=["iati"])
        parser.add_argument("--format", choices=["xml", "json"], default="xml")
        parser.add_argument("--region", default="", help="region code or name (and below)")
        parser.add_argument("--year", type=int)
        parser.add_argument("--pairing", type=int)
        parser.add_argument("--user", default="", help="export only what this user may see")

    def handle(self, *args: Any, **options: Any) -> None:
        user = None
        if options["user"]:
            User = get_user_model()
            try:
                user = User.objects.get(username=options["user"])
            except User.DoesNotExist as exc:
                raise CommandError(f"no such user: {options['user']}") from exc
        data = {k: str(options[k]) for k in ("region", "year", "pairing") if options[k]}
        filterset = OpenDataFilter(data, queryset=visible(Project, user))
        if user is None:  # the pairing filter offers the pairings the request's user sees
            from xiezuo.pairings.models import Pairing

            filterset.filters["pairing"].queryset = Pairing.objects.all()
        projects = filterset.qs
        if filterset.form.errors:
            raise CommandError("; ".join(f"--{k}: {' '.join(map(str, v))}"
                                         for k, v in filterset.form.errors.items()))
        if options["format"] == "xml" and not projects.exists():
            raise CommandError(str(EMPTY))
        export = Export(user, projects)
        out = getattr(self.stdout, "_out", sys.stdout)
        stream = out.buffer if hasattr(out, "buffer") else None
        for part in export.xml() if options["format"] == "xml" else export.json():
            if stream is not None:
                stream.write(part)
            else:
                out.write(part.decode())
        out.flush()
