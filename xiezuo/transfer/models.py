"""Import and export jobs: the user-facing record of a job (status, progress, files); each run
is a task of Django's Tasks interface (``transfer/tasks.py``, run by ``xiezuo db_worker``)."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache.backends.base import BaseCache
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def _upload_path(job: TransferJob, filename: str) -> str:
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"transfer/{dt.date.today():%Y/%m}/{uuid.uuid4().hex}.{suffix}"


#: how long a progress note outlives its last write (a job silent that long is stale anyway)
PROGRESS_KEPT = 24 * 3600


def progress_store() -> BaseCache | None:
    """Where the progress notes of running jobs live: the shared cache when it is one of its
    own (Redis: the worker writes, any app server reads, at once), else a file under
    MEDIA_ROOT. The shared cache kept in the database cannot hold them: a note written there
    during an import would wait, unseen, for the import's transaction to end."""
    from django.core.cache import caches
    from django.core.cache.backends.db import DatabaseCache

    cache = caches["shared"]
    return None if isinstance(cache, DatabaseCache) else cache


class Kind(models.TextChoices):
    IMPORT = "import", _("导入")
    EXPORT = "export", _("导出")


class Status(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("处理中")
    PREVIEW = "preview", _("待确认")
    DONE = "done", _("已完成")
    FAILED = "failed", _("未通过")


class Mode(models.TextChoices):
    UPSERT = "upsert", _("新增并更新")
    INSERT = "insert", _("只新增")
    UPDATE = "update", _("只更新")


class TransferJobQuerySet(models.QuerySet["TransferJob"]):
    def of(self, user: Any) -> TransferJobQuerySet:
        """A user's own jobs: uploads and their reports belong to whoever made them."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(user=user)

    def queued(self) -> TransferJobQuerySet:
        return self.filter(status=Status.QUEUED).order_by("created_at", "id")


class TransferJob(models.Model):
    kind = models.CharField(_("类型"), max_length=8, choices=Kind.choices)
    #: what is imported or exported: the model's label, e.g. ``funds.fundmovement``
    target = models.CharField(_("对象"), max_length=64)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("用户"),
                             on_delete=models.CASCADE, related_name="transfer_jobs")
    status = models.CharField(_("状态"), max_length=8, choices=Status.choices,
                              default=Status.QUEUED, db_index=True)
    mode = models.CharField(_("导入方式"), max_length=8, choices=Mode.choices,
                            default=Mode.UPSERT)
    #: False: a dry run (preview); True: the confirmed import, written in one transaction
    commit = models.BooleanField(_("写入"), default=False)
    upload = models.FileField(_("上传文件"), upload_to=_upload_path, max_length=200, blank=True)
    original_name = models.CharField(_("文件名"), max_length=200, blank=True)
    size = models.PositiveBigIntegerField(_("大小（字节）"), default=0)
    #: export: the list's filter query string and the money unit
    query = models.TextField(_("筛选条件"), blank=True)
    unit = models.CharField(_("金额单位"), max_length=8, blank=True)
    fmt = models.CharField(_("格式"), max_length=8, blank=True)
    result = models.FileField(_("结果文件"), upload_to=_upload_path, max_length=200, blank=True)
    report = models.FileField(_("错误标注文件"), upload_to=_upload_path, max_length=200,
                              blank=True)
    total = models.PositiveIntegerField(_("数据行"), default=0)
    new = models.PositiveIntegerField(_("新增"), default=0)
    changed = models.PositiveIntegerField(_("修改"), default=0)
    unchanged = models.PositiveIntegerField(_("未变"), default=0)
    invalid = models.PositiveIntegerField(_("有误"), default=0)
    #: the whole file refused (wrong type, headers, merged cells...), in plain words
    message = models.TextField(_("说明"), blank=True)
    #: per row and column: [{"row": 5, "column": "C", "header": "金额", "message": "..."}]
    errors = models.JSONField(_("错误"), default=list, blank=True)
    #: a sample of what would change: [{"row": 5, "status": "changed", "label": ..., ...}]
    preview = models.JSONField(_("预览"), default=list, blank=True)
    #: the version of every stored record the preview's rows matched (id → version): the
    #: confirmation refuses a row whose record changed since (see transfer.engine)
    seen = models.JSONField(_("预览时的版本"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    #: runs started (a worker's claim); a job whose worker stopped is queued again while this
    #: is below TRANSFER_JOB_ATTEMPTS (``jobs.reap``)
    attempts = models.PositiveSmallIntegerField(_("处理次数"), default=0)
    #: the id of the task (django-tasks) that runs it now or ran it last
    task_id = models.CharField(_("后台任务"), max_length=64, blank=True)

    objects = TransferJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("导入导出任务")
        verbose_name_plural = _("导入导出任务")
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.target} #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("transfer:job", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.status in (Status.QUEUED, Status.RUNNING)

    # Progress is a small note, not a column of this row: an import runs in one transaction,
    # and on SQLite nothing else may write while it does. Each write of it is also the job's
    # heartbeat: a running job whose note has not changed for TRANSFER_JOB_TIMEOUT seconds lost
    # its worker (``jobs.reap``). The note lives where the worker and every app server see it
    # (``progress_store``).
    @property
    def progress_path(self) -> Path:
        return Path(settings.MEDIA_ROOT) / "transfer" / "progress" / f"{self.pk}.json"

    @property
    def progress_key(self) -> str:
        return f"transfer-progress:{self.pk}"

    def set_progress(self, done: int, total: int, phase: str = "") -> None:
        note = {"done": done, "total": total, "phase": phase, "at": timezone.now().isoformat()}
        cache = progress_store()
        if cache is not None:
            cache.set(self.progress_key, note, timeout=PROGRESS_KEPT)
            return
        path = self.progress_path
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(note))
        tmp.replace(path)

    def read_progress(self) -> dict[str, Any] | None:
        """The job's last progress note, or None when it has none (not started, finished)."""
        cache = progress_store()
        if cache is not None:
            note = cache.get(self.progress_key)
            return dict(note) if isinstance(note, dict) else None
        try:
            found = json.loads(self.progress_path.read_text())
        except (OSError, ValueError):
            return None
        return found if isinstance(found, dict) else None

    def clear_progress(self) -> None:
        cache = progress_store()
        if cache is not None:
            cache.delete(self.progress_key)
        else:
            self.progress_path.unlink(missing_ok=True)

    @property
    def last_beat(self) -> dt.datetime | None:
        """When the job last said it was alive: its last progress, else its start."""
        at = (self.read_progress() or {}).get("at")
        try:
            return dt.datetime.fromisoformat(at) if at else self.started_at
        except (ValueError, TypeError):
            return self.started_at

    @property
    def is_stale(self) -> bool:
        """Running, but silent for longer than a worker ever is: its process was stopped
        (the import ran in one transaction, so nothing of it was written)."""
        beat = self.last_beat
        return (self.status == Status.RUNNING and beat is not None
                and (timezone.now() - beat).total_seconds() > settings.TRANSFER_JOB_TIMEOUT)

    def progress(self) -> dict[str, Any]:
        data = self.read_progress() or {"done": 0, "total": 0, "phase": ""}
        total = data.get("total") or 0
        data["percent"] = 100 if self.status in (Status.DONE, Status.PREVIEW) else (
            int(100 * data.get("done", 0) / total) if total else 0)
        return data

    def start(self) -> None:
        self.status, self.started_at = Status.RUNNING, timezone.now()
        self.attempts += 1
        self.save(update_fields=["status", "started_at", "attempts"])

    def claim(self) -> bool:
        """Take a queued job for this worker; False when another worker was first."""
        taken = TransferJob.objects.filter(pk=self.pk, status=Status.QUEUED).update(
            status=Status.RUNNING, started_at=timezone.now(), attempts=models.F("attempts") + 1)
        if taken:
            self.refresh_from_db()
        return bool(taken)
