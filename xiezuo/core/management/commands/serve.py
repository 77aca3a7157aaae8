"""Run the web server: gunicorn with static files served by whitenoise."""

from __future__ import annotations

import os
import sys
from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve xiezuo over HTTP (gunicorn)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--bind", default=os.environ.get("XIEZUO_BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int,
                            default=int(os.environ.get("XIEZUO_WORKERS", "2")))

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"xiezuo: serving on http://{options['bind']}/  (Ctrl-C stops)")
        self.stdout.flush()
        # The access log goes through the personal-data mask (xiezuo/gunicorn_conf.py).
        argv = [sys.executable, "-m", "gunicorn", "xiezuo.wsgi:application",
                "--config", "python:xiezuo.gunicorn_conf",
                "--bind", options["bind"], "--workers", str(options["workers"])]
        os.execv(sys.executable, argv)
