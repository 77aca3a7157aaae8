"""What every record shares: timestamps, authorship, notes, and the audit log."""

from __future__ import annotations

import datetime as dt
import decimal
import functools
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xiezuo.core.audit import current_actor


class AuditAction(models.TextChoices):
    CREATE = "create", _("新增")
    UPDATE = "update", _("修改")
    DELETE = "delete", _("删除")
    # Explicit workflow actions (submit, approve, import...) use their own verbs.


#: labels of every action verb written to the log; apps add theirs with ACTION_LABELS.update
ACTION_LABELS: dict[str, Any] = {
    **dict(AuditAction.choices),
    "advance": _("状态变更"), "override": _("超支准许"),
    "attach": _("上传附件"), "detach": _("删除附件"),
    "login": _("登录"), "logout": _("退出登录"), "login_failed": _("登录失败"),
    "lockout": _("登录锁定"), "unlock": _("解除锁定"), "role": _("角色与权限变更"),
    "token_issue": _("签发接口令牌"), "token_revoke": _("吊销接口令牌"), "export": _("导出"),
    "otp_device": _("双因素认证设备"), "password": _("修改密码"),
}


class AuditEntry(models.Model):
    """One row of the audit log: append-only, chained by a keyed digest (``chain.py``)."""

    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    actor_label = models.CharField(_("操作人名称"), max_length=150)
    action = models.CharField(_("操作"), max_length=32, db_index=True)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("对象类型"), on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.CharField(_("对象编号"), max_length=64)
    object_repr = models.CharField(_("对象"), max_length=200)
    changes = models.JSONField(_("字段变化"), default=dict, blank=True)
    reason = models.TextField(_("原因"), blank=True)
    #: the entry's position in the chain and its digest (``xiezuo/core/chain.py``)
    seq = models.BigIntegerField(_("序号"), null=True, unique=True, editable=False)
    digest = models.CharField(_("摘要"), max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("操作日志")
        verbose_name_plural = _("操作日志")
        ordering = ("-at", "-id")
        indexes = [models.Index(fields=("content_type", "object_id", "-at"))]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_repr}"

    @classmethod
    def for_object(cls, obj: models.Model) -> models.QuerySet[AuditEntry]:
        ct = ContentType.objects.get_for_model(obj.__class__)
        return cls.objects.filter(content_type=ct, object_id=str(obj.pk)).select_related("actor")

    @property
    def action_label(self) -> str:
        return str(ACTION_LABELS.get(self.action, self.action))

    @property
    def change_rows(self) -> list[tuple[str, Any, Any]]:
        """The fields changed, before and after (the record's version number left out)."""
        return [(field, pair[0], pair[1]) for field, pair in self.changes.items()
                if field != "version"]


class AuditChainHead(models.Model):
    """The chain's last position and digest (one row, locked by every append)."""

    seq = models.BigIntegerField(default=0)
    digest = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("操作日志链头")
        verbose_name_plural = _("操作日志链头")

    def __str__(self) -> str:
        return f"{self.seq} {self.digest[:12]}"


def append_audit(entries: list[AuditEntry], batch_size: int = 500) -> list[AuditEntry]:
    """Insert new audit rows: chained (``chain.seal``) and inserted in one transaction."""
    from xiezuo.core.chain import seal

    with transaction.atomic():
        seal(entries)
        return AuditEntry.objects.bulk_create(entries, batch_size=batch_size)


def record_audit(
    obj: models.Model,
    action: str,
    changes: dict[str, list[Any]] | None = None,
    reason: str = "",
) -> AuditEntry:
    """Write one audit row for ``obj`` on behalf of the current actor."""
    return record_event(type(obj), obj.pk, str(obj), action, changes, reason)


def record_event(
    model: type[models.Model],
    object_id: Any,
    object_repr: str,
    action: str,
    changes: dict[str, Any] | None = None,
    reason: str = "",
    actor: Any = None,
) -> AuditEntry:
    """Write one audit row about something that is not (or no longer) a saved object — a
    login attempt for a name, an export of a filtered list, an address unlocked — on behalf
    of ``actor`` (an :class:`~xiezuo.core.audit.Actor`) or the current actor."""
    who = actor or current_actor()
    entry = AuditEntry(
        actor_id=who.user_id,
        actor_label=who.label[:150],
        action=action,
        content_type=ContentType.objects.get_for_model(model),
        object_id=str(object_id if object_id is not None else "")[:64],
        object_repr=str(object_repr)[:200],
        changes=changes or {},
        reason=reason,
    )
    append_audit([entry])
    return entry


def _plain(value: Any) -> Any:
    """A JSON-safe, human-readable form of a field value for the audit log."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, decimal.Decimal | float):
        return str(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value)


def mask_value(value: Any) -> Any:
    if value in (None, ""):
        return value
    text = str(value)
    if len(text) <= 8:
        return "*" * len(text)
    return f"{text[:4]}{'*' * (len(text) - 8)}{text[-4:]}"


@functools.cache
def _audited_fields(model: type[AuditedModel]) -> list[tuple[str, str, bool]]:
    """The fields of ``model`` its audit snapshot holds: name, attribute, masked (worked out
    once a model: every record read takes a snapshot)."""
    return [(f.name, f.attname, f.name in model.audit_masked)
            for f in model._meta.concrete_fields if f.name not in model.audit_ignored]


class AuditedModel(models.Model):
    """Base of every record: who made and changed it, when, notes, and its audit trail.

    ``save()`` and ``delete()`` write an AuditEntry with field-level before/after in the
    same transaction. Fields named in ``audit_masked`` (personal data) are logged masked;
    fields in ``audit_ignored`` are not logged.
    """

    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+", editable=False,
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("更新人"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+", editable=False,
    )
    notes = models.TextField(_("备注"), blank=True)
    #: counts the saves that changed something: an edit made from an older version is
    #: refused (``ledgers.actions.Stale``), so two people cannot overwrite each other
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)

    audit_masked: ClassVar[frozenset[str]] = frozenset()
    audit_ignored: ClassVar[frozenset[str]] = frozenset(
        {"created_at", "updated_at", "created_by", "updated_by"}
    )
    _snapshot: dict[str, Any]

    class Meta:
        abstract = True

    def save(self, *args: Any, audit_action: str = "", audit_reason: str = "",
             **kwargs: Any) -> None:
        """Save and audit. ``audit_action``/``audit_reason`` name a workflow step (advance,
        override...) instead of a plain update."""
        creating = self._state.adding
        actor = current_actor()
        if creating and actor.user_id and not self.created_by_id:
            self.created_by_id = actor.user_id
        if actor.user_id:
            self.updated_by_id = actor.user_id
        with transaction.atomic():
            changes = self.creation_changes() if creating else self.audit_diff()
            if changes and not creating:
                before = self.version or 1
                self.version = before + 1
                changes["version"] = [before, self.version]
                fields = kwargs.get("update_fields")
                if fields is not None:
                    kwargs["update_fields"] = {*fields, "version"}
            super().save(*args, **kwargs)
            if creating or changes:
                if creating:
                    changes["id"] = [None, self.pk]
                action = audit_action or (AuditAction.CREATE if creating else AuditAction.UPDATE)
                record_audit(self, action, changes, audit_reason)
        self._snapshot = self.audit_snapshot()

    def delete(self, *args: Any, audit_reason: str = "",
               **kwargs: Any) -> tuple[int, dict[str, int]]:
        with transaction.atomic():
            before = {k: [v, None] for k, v in self.audit_snapshot().items() if v not in (None, "")}
            record_audit(self, AuditAction.DELETE, before, audit_reason)
            return super().delete(*args, **kwargs)

    @classmethod
    def from_db(cls, db: str | None, field_names: Any, values: Any) -> AuditedModel:
        instance = super().from_db(db, field_names, values)
        instance._snapshot = instance.audit_snapshot()
        return instance

    def audit_snapshot(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        loaded = self.__dict__  # a deferred field is not there (``get_deferred_fields``)
        for name, attname, masked in _audited_fields(type(self)):
            if attname not in loaded:
                continue
            value = _plain(getattr(self, attname))
            data[name] = mask_value(value) if masked else value
        return data

    def creation_changes(self) -> dict[str, list[Any]]:
        """What a new record's audit row lists: every field that has a value."""
        return {k: [None, v] for k, v in self.audit_snapshot().items() if v not in (None, "")}

    @classmethod
    def bulk_create_audited(cls, objs: list[Any], reason: str = "",
                            batch_size: int = 500) -> list[Any]:
        """Insert new records together, with the audit row each would get from ``save()``
        (importers: one statement per batch instead of one per row). Only for models whose
        ``save()`` adds no rule of its own."""
        actor = current_actor()
        for obj in objs:
            if actor.user_id:
                obj.created_by_id = obj.created_by_id or actor.user_id
                obj.updated_by_id = actor.user_id
        with transaction.atomic():
            created = cls._default_manager.bulk_create(objs, batch_size=batch_size)
            ct = ContentType.objects.get_for_model(cls)
            entries = []
            for obj in created:
                obj._snapshot = obj.audit_snapshot()
                changes = {k: [None, v] for k, v in obj._snapshot.items() if v not in (None, "")}
                changes["id"] = [None, obj.pk]
                entries.append(AuditEntry(
                    actor_id=actor.user_id, actor_label=actor.label, action=AuditAction.CREATE,
                    content_type=ct, object_id=str(obj.pk), object_repr=str(obj)[:200],
                    changes=changes, reason=reason))
            append_audit(entries, batch_size)
        return created

    def audit_diff(self) -> dict[str, list[Any]]:
        before = getattr(self, "_snapshot", {})
        after = self.audit_snapshot()
        return {
            name: [before.get(name), value]
            for name, value in after.items()
            if name not in before or before[name] != value
        }

    @property
    def history(self) -> models.QuerySet[AuditEntry]:
        return AuditEntry.for_object(self)


def _attachment_path(instance: Attachment, filename: str) -> str:
    import uuid

    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    today = dt.date.today()
    return f"attachments/{instance.content_type.model}/{today:%Y/%m}/{uuid.uuid4().hex}.{suffix}"


class AttachmentKind(models.TextChoices):
    DOCUMENT = "document", _("文件")
    PHOTO = "photo", _("照片")
    EVIDENCE = "evidence", _("佐证材料")


class Attachment(AuditedModel):
    """A document or photo attached to any record; read through its record's scope."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=64, db_index=True)
    file = models.FileField(_("文件"), upload_to=_attachment_path, max_length=200)
    original_name = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    kind = models.CharField(_("类别"), max_length=12, choices=AttachmentKind.choices,
                            default=AttachmentKind.DOCUMENT)
    title = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ("-created_at",)
        indexes = [models.Index(fields=("content_type", "object_id"))]

    def __str__(self) -> str:
        return self.title or self.original_name

    @classmethod
    def for_object(cls, obj: models.Model) -> models.QuerySet[Attachment]:
        ct = ContentType.objects.get_for_model(obj.__class__)
        return cls.objects.filter(content_type=ct, object_id=str(obj.pk))

    @property
    def target(self) -> models.Model | None:
        model = self.content_type.model_class()
        return model._default_manager.filter(pk=self.object_id).first() if model else None

    @property
    def is_image(self) -> bool:
        return self.original_name.lower().rsplit(".", 1)[-1] in {"jpg", "jpeg", "png"}

    def download(self) -> FileResponse:
        """The file as a response under its original name (an image shown in the page, any
        other file saved); 404 when the stored file is gone. The caller has checked the
        user may see the record it belongs to."""
        try:
            handle = self.file.open("rb")
        except FileNotFoundError as exc:
            raise Http404 from exc
        return FileResponse(handle, as_attachment=not self.is_image,
                            filename=self.original_name)
