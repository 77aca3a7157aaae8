"""Pages of import and export: template, upload, preview, confirm, progress, downloads."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xiezuo.core.export import record_export
from xiezuo.core.personal import may_see_personal_data
from xiezuo.core.scoping import Action, require
from xiezuo.transfer import jobs, template
from xiezuo.transfer.forms import UploadForm
from xiezuo.transfer.models import Kind, Status, TransferJob
from xiezuo.transfer.spec import Importable, get_importable
from xiezuo.transfer.workbook import FileRefused, check_size


def _importable(request: HttpRequest, key: str) -> type[Importable]:
    try:
        importable = get_importable(key)
    except LookupError as exc:
        raise Http404 from exc
    require(request.user, importable.action)
    if not importable.permitted(request.user):
        raise PermissionDenied
    return importable


def _job(request: HttpRequest, pk: int) -> TransferJob:
    return get_object_or_404(TransferJob.objects.of(request.user), pk=pk)


def import_start(request: HttpRequest, key: str) -> HttpResponse:
    importable = _importable(request, key)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            check_size(upload.size or 0, upload.name or "")
        except FileRefused as exc:
            form.add_error("file", str(exc))
        else:
            job = TransferJob(kind=Kind.IMPORT, target=importable.key,
                              user=request.user,  # type: ignore[misc]
                              mode=form.cleaned_data["mode"], original_name=upload.name[:200],
                              size=upload.size or 0)
            job.upload.save(upload.name, upload, save=True)
            _run_or_queue(job)
            return redirect(job)
    recent = TransferJob.objects.of(request.user).filter(kind=Kind.IMPORT,
                                                         target=importable.key)[:10]
    return render(request, "transfer/import.html", {
        "importable": importable, "form": form, "recent": recent,
        "limit_mb": settings.IMPORT_MAX_BYTES // 1_048_576})


def _run_or_queue(job: TransferJob) -> None:
    """Small files are read at once; larger ones, and exports, go to a background worker."""
    if job.kind == Kind.IMPORT and job.size <= settings.IMPORT_INLINE_BYTES:
        jobs.run(job)
    else:
        jobs.enqueue(job)


def import_template(request: HttpRequest, key: str) -> HttpResponse:
    importable = _importable(request, key)
    response = HttpResponse(
        template.build(importable, request.user),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    name = _("%(t)s导入模板") % {"t": importable.verbose_name()}
    from django.utils.http import content_disposition_header

    response["Content-Disposition"] = content_disposition_header(True, f"{name}.xlsx") or ""
    return response


def job_list(request: HttpRequest) -> HttpResponse:
    return render(request, "transfer/jobs.html", {
        "jobs": TransferJob.objects.of(request.user)[:100]})


def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    return render(request, "transfer/job.html", _job_context(job))


def _job_context(job: TransferJob) -> dict[str, Any]:
    importable = None
    try:
        importable = get_importable(job.target)
    except LookupError:
        pass
    return {"job": job, "importable": importable, "progress": job.progress(),
            "can_commit": job.kind == Kind.IMPORT and job.status == Status.PREVIEW
            and not job.commit and job.invalid == 0 and (job.new + job.changed) > 0,
            "can_retry": (job.status == Status.FAILED
                          and bool(job.upload or job.kind == Kind.EXPORT)) or job.is_stale}


@require_POST
def job_retry(request: HttpRequest, pk: int) -> HttpResponse:
    """Run a failed or stopped job again (the same file, the same choices)."""
    job = _job(request, pk)
    if not _job_context(job)["can_retry"]:
        messages.error(request, _("只能重试失败或中断的任务。"))
        return redirect(job)
    try:
        jobs.retry(job, request.user)
    except ValueError:
        messages.error(request, _("任务已在处理中。"))
        return redirect(job)
    _run_or_queue(job)
    return redirect(job)


def job_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress bar, polled by the job page; a finished job reloads the page. A job gone
    silent (its worker stopped) is queued again for another worker here too."""
    job = _job(request, pk)
    if job.is_stale:
        jobs.reap()
        job.refresh_from_db()
    response = render(request, "transfer/_progress.html", _job_context(job))
    if not job.is_active:
        response["HX-Refresh"] = "true"
    return response


@require_POST
def job_commit(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    importable = _importable(request, job.target)
    if not _job_context(job)["can_commit"]:
        messages.error(request, _("只能确认预览无误的导入。"))
        return redirect(job)
    del importable
    job.commit, job.status = True, Status.QUEUED
    job.errors, job.preview, job.message = [], [], ""
    job.save()
    _run_or_queue(job)
    if job.status == Status.DONE:
        messages.success(request, _("已导入：新增 %(n)s 条，修改 %(c)s 条。") % {
            "n": job.new, "c": job.changed})
    return redirect(job)


def job_file(request: HttpRequest, pk: int, what: str) -> FileResponse:
    job = _job(request, pk)
    files = {"upload": job.upload, "report": job.report, "result": job.result}
    handle = files.get(what)
    if not handle:
        raise Http404
    name = job.original_name if what == "upload" else handle.name.rsplit("/", 1)[-1]
    if what == "report":
        name = f"{job.original_name.rsplit('.', 1)[0]}-错误标注.xlsx"
    elif what == "result":
        name = f"{job.target.split('.')[-1]}.{job.fmt}"
    try:
        return FileResponse(handle.open("rb"), as_attachment=True, filename=name)
    except FileNotFoundError as exc:
        raise Http404 from exc


def export_start(request: HttpRequest, key: str, fmt: str) -> HttpResponse:
    """A list too long to export while one waits becomes a job (GET asks, POST starts)."""
    if fmt not in ("csv", "xlsx"):
        raise Http404
    require(request.user, Action.VIEW)
    try:
        ledger = get_importable(key).ledger  # type: ignore[attr-defined]
    except (LookupError, AttributeError) as exc:
        raise Http404 from exc
    query = request.GET.urlencode() if request.method == "GET" else request.POST.get("query", "")
    count = jobs.export_rows(ledger, request.user, query).count()
    if request.method == "POST":
        personal = may_see_personal_data(request.user) and any(
            c.personal for c in ledger.columns)
        record_export(ledger.model, ledger.verbose_name(), query, count, personal, fmt)
        job = TransferJob.objects.create(
            kind=Kind.EXPORT, target=key, user=request.user,  # type: ignore[misc]
            fmt=fmt, query=query,
            unit=getattr(request.user, "money_unit", "") or "wan", total=count)
        if count <= settings.EXPORT_INLINE_ROWS:
            jobs.run(job)
        else:
            jobs.enqueue(job)
        return redirect(job)
    return render(request, "transfer/export.html", {
        "ledger": ledger, "fmt": fmt, "query": query, "count": count,
        "inline_limit": settings.EXPORT_INLINE_ROWS})
