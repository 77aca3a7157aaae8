"""Two background workers (db_worker, in two threads with their own connections) drain one
queue of import and export jobs: each task is taken by one worker, each job runs once."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from xiezuo.transfer import jobs
from xiezuo.transfer.models import Kind, Status, TransferJob

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_workers_never_take_the_same_job(demo) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite locks the whole database: row locks (skip locked) need PostgreSQL")
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    user = demo["users"]["linxiashi_entry"]
    made = [TransferJob.objects.create(kind=Kind.EXPORT, target="funds.fundmovement",
                                       user=user, fmt="csv" if n % 2 else "xlsx", unit="wan")
            for n in range(12)]
    for job in made:
        jobs.enqueue(job)
    for job in made[:4]:
        jobs.enqueue(job)  # asked twice: still run once
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def work(name: str) -> None:
        try:
            start.wait(30)
            Worker(queue_names=["default"], interval=0, batch=True, backend_name="default",
                   startup_delay=False, max_tasks=None, worker_id=name,
                   excluded_queue_names=[]).run()
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(f"w{i}",)) for i in (1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors
    tasks = list(DBTaskResult.objects.all())
    assert len(tasks) == 16
    assert all(t.status == "SUCCESSFUL" and len(t.worker_ids) == 1 for t in tasks)
    assert sorted(t.return_value for t in tasks) == ["done"] * 12 + ["skipped"] * 4
    for job in TransferJob.objects.filter(pk__in=[j.pk for j in made]):
        assert (job.status, job.attempts) == (Status.DONE, 1) and job.result
