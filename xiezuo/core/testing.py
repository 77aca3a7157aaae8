"""Helpers for tests of background jobs."""

from __future__ import annotations


def run_tasks() -> None:
    """One pass of the database backend's worker (`xiezuo db_worker --batch`): every task
    ready now, then it stops."""
    from django_tasks_db.management.commands.db_worker import Worker

    Worker(queue_names=["default"], interval=0, batch=True, backend_name="default",
           startup_delay=False, max_tasks=None, worker_id="test",
           excluded_queue_names=[]).run()
