"""``xiezuo worker``: ``xiezuo db_worker`` (django-tasks-db), which runs import and export jobs
and every other background task, plus a watch for jobs whose worker stopped: every half
TRANSFER_JOB_TIMEOUT they are queued again (``jobs.reap``). ``--once`` is db_worker's
``--batch`` (reap, run what is queued, then exit)."""

from __future__ import annotations

import threading
from typing import Any

from django.conf import settings
from django.db import connection
from django_tasks_db.management.commands import db_worker

from xiezuo.transfer import jobs


class Command(db_worker.Command):
    help = "db_worker (run background tasks: import and export jobs) that also requeues jobs " \
        "whose worker stopped; --once drains the queue and exits."

    def add_arguments(self, parser: Any) -> None:
        super().add_arguments(parser)
        parser.add_argument("--once", action="store_true",
                            help="run the tasks queued now, then exit (db_worker --batch)")

    def handle(self, *args: Any, **options: Any) -> None:
        for job in jobs.reap():
            self.stdout.write(f"job {job.pk}: its worker stopped, now {job.status}")
        if options.pop("once", False):
            options.update(batch=True, reload=False, startup_delay=False)
        else:
            threading.Thread(target=_watch, daemon=True, name="reap").start()
        super().handle(*args, **options)


def _watch() -> None:
    stop = threading.Event()
    while not stop.wait(max(1.0, settings.TRANSFER_JOB_TIMEOUT / 2)):
        try:
            jobs.reap()
        finally:
            connection.close()
