"""Running import and export jobs: inline for small files; otherwise as a task of Django's Tasks
interface (``transfer/tasks.py``), enqueued with the job and run by ``xiezuo db_worker``."""

from __future__ import annotations

import logging
import tempfile
from typing import Any

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from xiezuo.core.audit import acting_as
from xiezuo.core.models import record_audit
from xiezuo.core.storage import local_copy
from xiezuo.transfer.engine import run_import
from xiezuo.transfer.models import Kind, Status, TransferJob
from xiezuo.transfer.report import annotated_copy
from xiezuo.transfer.spec import get_importable

log = logging.getLogger(__name__)


def run(job: TransferJob) -> TransferJob:
    """Run ``job`` now (it must be queued or already claimed) and record the outcome."""
    if job.status == Status.QUEUED:
        job.start()
    job.set_progress(0, 0, "start")  # the first heartbeat
    job.message = ""  # a note of an earlier, stopped run
    try:
        if job.kind == Kind.IMPORT:
            _import(job)
        else:
            _export(job)
    except Exception:
        log.exception("transfer job %s failed", job.pk)
        job.status = Status.FAILED
        job.message = _("处理时出错，没有写入任何数据。请联系系统管理员查看日志（任务 %(n)s）"
            "。") % {
            "n": job.pk}
    job.finished_at = timezone.now()
    job.save()
    job.clear_progress()
    return job


def _import(job: TransferJob) -> None:
    importable = get_importable(job.target)
    reason = _("导入任务 %(n)s：%(f)s") % {"n": job.pk, "f": job.original_name}
    with local_copy(job.upload) as path:  # the store may be no local disk
        result = run_import(importable, job.user, path, job.original_name,
                            commit=job.commit, mode=job.mode, reason=reason,
                            progress=lambda done, total: job.set_progress(done, total), job=job,
                            seen={int(k): v for k, v in job.seen.items()}
                            if job.commit and job.seen is not None else None)
    counts = result.counts
    job.total, job.new, job.changed = counts["total"], counts["new"], counts["changed"]
    job.unchanged, job.invalid = counts["unchanged"], counts["invalid"]
    job.errors = [e.as_dict() for e in result.errors]
    job.preview = result.preview
    if not job.commit:
        job.seen = {str(k): v for k, v in result.seen.items()}
    job.message = result.refused
    if result.errors and result.rows:
        stem = job.original_name.rsplit(".", 1)[0]
        job.report.save(f"{stem}-错误标注.xlsx", File(annotated_copy(result)), save=False)
    if result.refused:
        job.status = Status.FAILED
    elif job.commit:
        job.status = Status.DONE if result.committed else Status.FAILED
        if not result.committed and not job.message:
            job.message = _("有 %(n)s 行数据有误，没有写入任何数据。请修改后重新上传。") % {
                "n": job.invalid}
    else:
        job.status = Status.PREVIEW


def enqueue(job: TransferJob) -> None:
    """Hand ``job`` (queued) to a background worker. With the database backend the task's row
    is written in the caller's transaction, so it is seen by the workers exactly when the job
    is (on commit) and never if it rolls back; another backend is sent the task on commit."""
    from django_tasks_db import DatabaseBackend

    from xiezuo.transfer.tasks import run_transfer_job

    def send() -> None:
        result = run_transfer_job.enqueue(job.pk)
        TransferJob.objects.filter(pk=job.pk).update(task_id=str(result.id))

    if isinstance(run_transfer_job.get_backend(), DatabaseBackend):
        send()
    else:
        transaction.on_commit(send)


def reap() -> list[TransferJob]:
    """Running jobs whose worker stopped (killed, the machine restarted). Nothing of them was
    written (an import is one transaction, an export writes its file only at the end), so each
    is queued again for another worker, up to TRANSFER_JOB_ATTEMPTS runs; then it is marked
    failed with the reason, and its owner may still ``retry`` it."""
    dead = [job for job in TransferJob.objects.filter(status=Status.RUNNING) if job.is_stale]
    for job in dead:
        beat = job.last_beat
        when = timezone.localtime(beat).strftime("%Y-%m-%d %H:%M") if beat else ""
        again = job.attempts < settings.TRANSFER_JOB_ATTEMPTS
        with transaction.atomic():
            if again:
                taken = TransferJob.objects.filter(pk=job.pk, status=Status.RUNNING).update(
                    status=Status.QUEUED, started_at=None, message=_(
                        "处理进程在 %(t)s 之后停止，没有写入任何数据；已重新排队（第 %(n)s 次"
                        "处理）。") % {"t": when, "n": job.attempts + 1})
            else:
                taken = TransferJob.objects.filter(pk=job.pk, status=Status.RUNNING).update(
                    status=Status.FAILED, finished_at=timezone.now(), message=_(
                        "处理中断：最后一次进展在 %(t)s，之后处理进程停止了。没有写入任何数据，"
                        "可以点“重试”再处理一次。") % {"t": when})
            if not taken:
                continue  # another worker reaped it first
            _drop_task(job.task_id)
            if again:
                record_audit(job, "requeue", {"status": [Status.RUNNING, Status.QUEUED]},
                             _("处理进程停止，重新排队"))
                enqueue(job)
            else:
                record_audit(job, "fail", {"status": [Status.RUNNING, Status.FAILED]},
                             _("处理进程停止"))
        job.clear_progress()
        job.refresh_from_db()
    return dead


def _drop_task(task_id: str) -> None:
    """The stopped worker's task stays "running" in the tasks table: mark it failed."""
    from django_tasks_db.models import DBTaskResult

    if not task_id:
        return
    DBTaskResult.objects.filter(pk=task_id, status="RUNNING").update(
        status="FAILED", finished_at=timezone.now(), exception_class_path="WorkerStopped",
        traceback="the worker stopped while running this task (no heartbeat)")


def retry(job: TransferJob, user: Any) -> TransferJob:
    """Queue a failed (or stopped) job again, with its file, as it was first asked (the
    caller runs it or ``enqueue``s it); its count of runs starts again."""
    with transaction.atomic():
        taken = TransferJob.objects.filter(
            pk=job.pk, status__in=[Status.FAILED, Status.RUNNING]).update(
            status=Status.QUEUED, message="", errors=[], preview=[], started_at=None,
            finished_at=None, total=0, new=0, changed=0, unchanged=0, invalid=0, attempts=0)
        if not taken:
            raise ValueError(job.pk)
        with acting_as(user):
            record_audit(job, "retry", {"status": [job.status, Status.QUEUED]})
    job.clear_progress()
    job.refresh_from_db()
    return job


def ledger_for(job: TransferJob) -> Any:
    ledger = getattr(get_importable(job.target), "ledger", None)
    if ledger is None:
        raise LookupError(job.target)
    return ledger


def export_rows(ledger: Any, user: Any, query: str) -> Any:
    """The list a user filtered on the page, through the same filters and scoping."""
    from xiezuo.ledgers.views import filtered

    _filterset, rows = filtered(ledger, user, QueryDict(query))
    return rows


def _export(job: TransferJob) -> None:
    from xiezuo.core.personal import may_see_personal_data
    from xiezuo.ledgers import export

    ledger = ledger_for(job)
    personal_ok = may_see_personal_data(job.user)
    rows = export_rows(ledger, job.user, job.query)
    total = rows.count()
    job.total = total
    job.set_progress(0, total, "export")
    name = f"{ledger.model._meta.model_name}.{job.fmt}"
    if job.fmt == "csv":
        with tempfile.TemporaryFile() as handle:
            for n, chunk in enumerate(export.csv_rows(ledger, rows, job.unit, personal_ok)):
                handle.write(chunk.encode("utf-8"))
                if n % 20 == 0:
                    job.set_progress(min(n * 500, total), total, "export")
            handle.seek(0)
            job.result.save(name, File(handle), save=False)
    else:
        book = export.xlsx_file(ledger, rows, job.unit, personal_ok,
                                progress=lambda n: job.set_progress(n, total, "export"))
        with book:
            job.result.save(name, File(book), save=False)
    job.status = Status.DONE
