"""``xiezuo schedule``: enqueue the scheduled jobs that are due (each once per due slot)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from xiezuo.delivery import schedule


class Command(BaseCommand):
    help = "Enqueue the scheduled jobs that are due, once per due slot (run every few minutes)."

    def handle(self, *args: Any, **options: Any) -> None:
        made = schedule.run()
        for record in made:
            self.stdout.write(f"enqueued {record.key}")
        if not made and options["verbosity"] > 1:
            self.stdout.write("nothing due")
