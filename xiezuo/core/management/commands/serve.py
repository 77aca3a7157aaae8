"""Run the web server: gunicorn with static files served by whitenoise; with ``--worker``, a
background worker (``xiezuo worker``, i.e. db_worker) beside it for import and export jobs."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve xiezuo over HTTP (gunicorn); --worker also runs the background worker."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--bind", default=os.environ.get("XIEZUO_BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int,
                            default=int(os.environ.get("XIEZUO_WORKERS", "2")))
        parser.add_argument("--worker", action="store_true",
                            default=os.environ.get("XIEZUO_SERVE_WORKER", "") == "1",
                            help="also run a background worker (import and export jobs) "
                                 "until the server stops")

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"xiezuo: serving on http://{options['bind']}/  (Ctrl-C stops)")
        self.stdout.flush()
        # The access log goes through the personal-data mask (xiezuo/gunicorn_conf.py).
        argv = [sys.executable, "-m", "gunicorn", "xiezuo.wsgi:application",
                "--config", "python:xiezuo.gunicorn_conf",
                "--bind", options["bind"], "--workers", str(options["workers"])]
        if not options["worker"]:
            os.execv(sys.executable, argv)
        worker = subprocess.Popen([sys.executable, "-m", "xiezuo.cli",
                                   "worker", "--no-reload"])
        server = subprocess.Popen(argv)

        def stop(signum: int, frame: Any) -> None:  # Ctrl-C or SIGTERM: stop both, once
            server.terminate()

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        try:
            server.wait()
        finally:
            worker.terminate()
            worker.wait()
