"""Reports waiting for review (报道审核): the text as read, the record the reader took from it,
where it belongs, and what the reviewer decided."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from xiezuo.core.models import AuditedModel
from xiezuo.core.scoping import ScopedQuerySet


class Status(models.TextChoices):
    PENDING = "pending", _("待审核")
    ACCEPTED = "accepted", _("已采用")
    REJECTED = "rejected", _("已退回")


class ReportQuerySet(ScopedQuerySet["Report"]):
    pass


class Report(AuditedModel):
    """One ingested report. ``region``/``pairing`` are resolved from the extracted record;
    a report with neither is visible to national users only."""

    file_name = models.CharField(_("文件名"), max_length=200)
    content_hash = models.CharField(_("内容摘要"), max_length=64, unique=True, editable=False)
    title = models.CharField(_("标题"), max_length=300, blank=True)
    outlet = models.CharField(_("来源媒体"), max_length=100, blank=True)
    published_on = models.DateField(_("发布日期"), null=True, blank=True)
    url = models.URLField(_("网址"), max_length=500, blank=True)
    original_text = models.TextField(_("原文"))
    # the file as uploaded, when its text had to be read out of it (a web page, a Word
    # document, a PDF): it goes with the text as the evidence of what is accepted
    source_file = models.FileField(_("原始文件"), upload_to="news/sources/%Y/%m", max_length=300,
                                   blank=True)
    cleaned_text = models.TextField(_("清洗后文本"))
    record = models.JSONField(_("抽取结果"), default=dict, blank=True)
    event_date = models.DateField(_("活动日期"), null=True, blank=True)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("受援地区"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    pairing = models.ForeignKey(
        "pairings.Pairing", verbose_name=_("结对关系"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices,
                              default=Status.PENDING, db_index=True)
    reject_reason = models.TextField(_("退回理由"), blank=True)
    meeting = models.ForeignKey(
        "meetings.Meeting", verbose_name=_("生成的会议活动"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="reports",
    )
    cluster_key = models.CharField(_("同一事件"), max_length=64, db_index=True,
                                   help_text=_("近似重复的报道共用同一个键"))

    scope_regions = ("region",)
    scope_pairings = ("pairing",)
    audit_ignored = AuditedModel.audit_ignored | {"original_text", "cleaned_text", "record"}
    objects: ClassVar[ReportQuerySet] = ReportQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("报道")
        verbose_name_plural = _("报道")
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return self.title or self.file_name

    def get_absolute_url(self) -> str:
        return reverse("news:review", args=[self.pk])

    @property
    def is_pending(self) -> bool:
        return self.status == Status.PENDING

    def siblings(self) -> Any:
        """The other reports of the same event."""
        return Report.objects.filter(cluster_key=self.cluster_key).exclude(pk=self.pk)
