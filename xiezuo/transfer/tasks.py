"""The task that runs an import or export job in the background (Django's Tasks interface;
``xiezuo db_worker`` runs it). The ``TransferJob`` stays the record people see: its status,
progress (heartbeat) and files; the task only carries its id."""

from __future__ import annotations

from django_tasks import task

from xiezuo.transfer import jobs
from xiezuo.transfer.models import TransferJob


@task()
def run_transfer_job(job_id: int) -> str:
    """Run the job ``job_id`` if it is still queued; returns its status afterwards. The claim
    (queued → running, one UPDATE) makes sure no two workers run the same job, even when it was
    enqueued twice."""
    jobs.reap()  # jobs whose worker stopped go back to the queue (or fail) first
    job = TransferJob.objects.filter(pk=job_id).first()
    if job is None or not job.claim():
        return "skipped"
    jobs.run(job)
    return str(job.status)
