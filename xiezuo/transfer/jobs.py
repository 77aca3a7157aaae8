"""Running import and export jobs: inline for small files, by ``xiezuo worker`` otherwise."""

from __future__ import annotations

import logging
import tempfile
from typing import Any

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
    job.progress_path.unlink(missing_ok=True)
    return job


def _import(job: TransferJob) -> None:
    importable = get_importable(job.target)
    reason = _("导入任务 %(n)s：%(f)s") % {"n": job.pk, "f": job.original_name}
    with local_copy(job.upload) as path:  # the store may be no local disk
        result = run_import(importable, job.user, path, job.original_name,
                            commit=job.commit, mode=job.mode, reason=reason,
                            progress=lambda done, total: job.set_progress(done, total), job=job)
    counts = result.counts
    job.total, job.new, job.changed = counts["total"], counts["new"], counts["changed"]
    job.unchanged, job.invalid = counts["unchanged"], counts["invalid"]
    job.errors = [e.as_dict() for e in result.errors]
    job.preview = result.preview
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


def reap() -> list[TransferJob]:
    """Running jobs whose worker stopped (killed, the machine restarted): marked failed with
    the reason, so the file can be imported again (``retry``). Nothing of them was written: an
    import is one transaction, an export writes its file only at the end."""
    dead = [job for job in TransferJob.objects.filter(status=Status.RUNNING) if job.is_stale]
    for job in dead:
        beat = job.last_beat
        when = timezone.localtime(beat).strftime("%Y-%m-%d %H:%M") if beat else ""
        taken = TransferJob.objects.filter(pk=job.pk, status=Status.RUNNING).update(
            status=Status.FAILED, finished_at=timezone.now(), message=_(
                "处理中断：最后一次进展在 %(t)s，之后处理进程停止了。没有写入任何数据，"
                "可以点“重试”再处理一次。") % {"t": when})
        if taken:
            record_audit(job, "fail", {"status": [Status.RUNNING, Status.FAILED]},
                         _("处理进程停止"))
            job.refresh_from_db()
    return dead


def retry(job: TransferJob, user: Any) -> TransferJob:
    """Queue a failed (or stopped) job again, with its file, as it was first asked."""
    with transaction.atomic():
        taken = TransferJob.objects.filter(
            pk=job.pk, status__in=[Status.FAILED, Status.RUNNING]).update(
            status=Status.QUEUED, message="", errors=[], preview=[], started_at=None,
            finished_at=None, total=0, new=0, changed=0, unchanged=0, invalid=0)
        if not taken:
            raise ValueError(job.pk)
        with acting_as(user):
            record_audit(job, "retry", {"status": [job.status, Status.QUEUED]})
    job.progress_path.unlink(missing_ok=True)
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
        book = export.xlsx_file(ledger, rows, job.unit, personal_ok)
        with book:
            job.result.save(name, File(book), save=False)
    job.status = Status.DONE
