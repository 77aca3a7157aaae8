"""``xiezuo worker``: run queued import and export jobs (the database is the queue)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from xiezuo.transfer import jobs
from xiezuo.transfer.models import TransferJob


class Command(BaseCommand):
    help = "Run queued import and export jobs; with --once, run what is queued and stop."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--once", action="store_true",
                            help="run the jobs queued now, then exit")
        parser.add_argument("--sleep", type=float, default=2.0,
                            help="seconds between looks at the queue (default 2)")

    def handle(self, *args: Any, once: bool = False, sleep: float = 2.0, **options: Any) -> None:
        while True:
            ran = self.run_queued()
            if once:
                return
            if not ran:
                time.sleep(sleep)

    def run_queued(self) -> int:
        for job in jobs.reap():
            self.stdout.write(f"job {job.pk}: its worker stopped, marked failed")
        ran = 0
        for job in TransferJob.objects.queued():
            if not job.claim():
                continue  # another worker took it
            jobs.run(job)
            ran += 1
            self.stdout.write(f"job {job.pk} {job.kind} {job.target}: {job.status}")
        return ran
