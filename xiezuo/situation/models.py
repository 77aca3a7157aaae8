"""Archived monthly situation reports (情况一月一报告): the county's report as it stood when
its period was approved, kept as PDF and Word."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from xiezuo.core.models import AuditedModel
from xiezuo.core.scoping import ScopedQuerySet


def _path(instance: ArchivedReport, filename: str) -> str:
    return f"situation/{instance.region.code}/{instance.period_start:%Y%m}/{filename}"


class ArchivedReportQuerySet(ScopedQuerySet["ArchivedReport"]):
    pass


class ArchivedReport(AuditedModel):
    region = models.ForeignKey("regions.Region", verbose_name=_("地区"),
                               on_delete=models.PROTECT, related_name="+")
    period_start = models.DateField(_("报告期起"))
    period_end = models.DateField(_("报告期止"))
    pdf = models.FileField(_("PDF 文件"), upload_to=_path, max_length=200)
    docx = models.FileField(_("Word 文件"), upload_to=_path, max_length=200)
    generated_at = models.DateTimeField(_("生成时间"))
    #: the approved submission of the reporting chain (an opaque reference, not a key)
    submission_ref = models.PositiveBigIntegerField(_("报送编号"), null=True, blank=True)

    scope_regions = ("region",)
    objects: ClassVar[ArchivedReportQuerySet] = ArchivedReportQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("归档情况报告")
        verbose_name_plural = _("归档情况报告")
        ordering = ("-period_start", "-generated_at", "-id")
        indexes = [models.Index(fields=("region", "period_start"))]

    def __str__(self) -> str:
        return f"{self.region.name} {self.period_start:%Y-%m-%d}—{self.period_end:%Y-%m-%d}"
