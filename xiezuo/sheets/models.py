"""An office's table on its way in (``SheetUpload``) and the mappings offices confirmed
(``SavedMapping``), offered again for a table of the same shape."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from xiezuo.core.models import AuditedModel
from xiezuo.core.scoping import ScopedQuerySet


def shape_of(labels: list[str], ledger: str) -> str:
    """A table's shape: its columns' headers in order, for one ledger."""
    text = ledger + "\x1f" + "\x1e".join(labels)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


class SavedMappingQuerySet(ScopedQuerySet["SavedMapping"]):
    def for_office(self, office: Any, ledger: str, shape: str) -> SavedMappingQuerySet:
        return self.filter(office=office, ledger=ledger, shape=shape)


class SavedMapping(AuditedModel):
    """What a person confirmed for one office's tables of one shape: which field each column
    fills, the units of its money columns, and the fixed values entered for the sheet."""

    office = models.ForeignKey("accounts.Office", verbose_name=_("单位"),
                               on_delete=models.CASCADE, related_name="+")
    ledger = models.CharField(_("台账"), max_length=64)
    shape = models.CharField(_("表格样式"), max_length=32)
    #: the columns' headers as written, in order (for the page and the audit log)
    headers = models.JSONField(_("表头"), default=list)
    #: header → field name
    columns = models.JSONField(_("列的对应"), default=dict)
    #: header → unit (yuan, wan, yi) of a money column
    units = models.JSONField(_("金额单位"), default=dict)
    #: field → the value entered for the whole sheet
    constants = models.JSONField(_("固定值"), default=dict)
    used = models.PositiveIntegerField(_("使用次数"), default=0)

    scope_regions = ("office__region",)
    objects: ClassVar[SavedMappingQuerySet] = SavedMappingQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("表格对应关系")
        verbose_name_plural = _("表格对应关系")
        ordering = ("-updated_at", "-id")
        constraints = [models.UniqueConstraint(fields=("office", "ledger", "shape"),
                                               name="sheets_mapping_per_shape")]

    def __str__(self) -> str:
        return f"{self.office} · {'、'.join(self.headers[:4])}"[:200]


def _upload_path(upload: SheetUpload, filename: str) -> str:
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"sheets/{dt.date.today():%Y/%m}/{uuid.uuid4().hex}.{suffix}"


class SheetUploadQuerySet(models.QuerySet["SheetUpload"]):
    def of(self, user: Any) -> SheetUploadQuerySet:
        """A user's own uploads: a table on its way in belongs to whoever brought it."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(user=user)


class SheetUpload(models.Model):
    """One table uploaded to be read for a ledger, with the person's corrections."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("用户"),
                             on_delete=models.CASCADE, related_name="+")
    office = models.ForeignKey("accounts.Office", verbose_name=_("单位"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    ledger = models.CharField(_("台账"), max_length=64)
    file = models.FileField(_("文件"), upload_to=_upload_path, max_length=200)
    original_name = models.CharField(_("文件名"), max_length=200)
    sheet = models.CharField(_("工作表"), max_length=100, blank=True)
    #: column index (as text) → field name, "" for a column not imported
    columns = models.JSONField(_("列的对应"), default=dict, blank=True)
    #: column index → unit, where the person chose one
    units = models.JSONField(_("金额单位"), default=dict, blank=True)
    #: row index → role, where the person corrected one
    roles = models.JSONField(_("行的类型"), default=dict, blank=True)
    #: field → value (as the field's form takes it) for every row
    constants = models.JSONField(_("固定值"), default=dict, blank=True)
    #: the mapping offered from an earlier confirmation
    offered = models.ForeignKey(SavedMapping, verbose_name=_("沿用的对应关系"), null=True,
                                blank=True, on_delete=models.SET_NULL, related_name="+")
    #: the import run for the preview and, once confirmed, for real
    job = models.ForeignKey("transfer.TransferJob", verbose_name=_("导入任务"), null=True,
                            blank=True, on_delete=models.SET_NULL, related_name="+")
    #: the import file's data rows → the table's rows (0-based), and its columns → fields
    row_map = models.JSONField(_("行的对照"), default=list, blank=True)
    field_map = models.JSONField(_("列的对照"), default=list, blank=True)
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    objects = SheetUploadQuerySet.as_manager()

    class Meta:
        verbose_name = _("表格导入")
        verbose_name_plural = _("表格导入")
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("sheets:detail", args=[self.pk])

    def mapping(self) -> dict[int, str] | None:
        return {int(k): v for k, v in self.columns.items()} if self.columns else None

    def role_overrides(self) -> dict[int, str]:
        return {int(k): v for k, v in self.roles.items()}

    def unit_overrides(self) -> dict[int, str]:
        return {int(k): v for k, v in self.units.items()}
