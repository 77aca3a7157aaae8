"""Notices (通知公告): an office publishes a notice, with attachments and an optional deadline,
to the offices below it or to chosen ones among them; each reader's reading is recorded so the
sender sees who has read it.

A notice is addressed, not placed: it is seen by the people of its sending office and of the
offices it is addressed to (``NoticeQuerySet.for_user``). Whom an office may address comes
from the scoping mechanism: the offices its administrators manage (``Office.objects.restrict``).
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xiezuo.core.models import AuditedModel
from xiezuo.core.scoping import Scope


class NoticeQuerySet(models.QuerySet["Notice"]):
    def for_user(self, user: Any) -> NoticeQuerySet:
        """The notices ``user`` reads: their office's own and those addressed to it (a
        national administrator: every one)."""
        scope = Scope.of(user)
        if scope.is_national_admin:
            return self
        office_id = getattr(user, "office_id", None)
        if not scope.actions or office_id is None:
            return self.none()
        addressed = NoticeRecipient.objects.filter(notice=OuterRef("pk"), office_id=office_id)
        return self.filter(Q(office_id=office_id) | Exists(addressed))

    def unread_by(self, user: Any) -> NoticeQuerySet:
        """Addressed to ``user``'s office and not yet read by ``user``."""
        office_id = getattr(user, "office_id", None)
        if office_id is None:
            return self.none()
        addressed = NoticeRecipient.objects.filter(notice=OuterRef("pk"), office_id=office_id)
        read = NoticeRead.objects.filter(notice=OuterRef("pk"), user_id=user.pk)
        return self.filter(Exists(addressed)).exclude(Exists(read))


class Notice(AuditedModel):
    office = models.ForeignKey("accounts.Office", verbose_name=_("发布单位"),
                               on_delete=models.PROTECT, related_name="notices_sent")
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"))
    deadline = models.DateField(_("办理期限"), null=True, blank=True,
                                help_text=_("需要下级单位办理或回复时填写"))
    published_at = models.DateTimeField(_("发布时间"), default=timezone.now)

    objects: ClassVar[NoticeQuerySet] = NoticeQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("通知公告")
        verbose_name_plural = _("通知公告")
        ordering = ("-published_at", "-id")

    def __str__(self) -> str:
        return self.title


class NoticeRecipient(models.Model):
    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="recipients")
    office = models.ForeignKey("accounts.Office", verbose_name=_("接收单位"),
                               on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("接收单位")
        verbose_name_plural = _("接收单位")
        constraints = [models.UniqueConstraint(fields=("notice", "office"),
                                               name="notice_recipient_once")]

    def __str__(self) -> str:
        return f"{self.notice_id} → {self.office_id}"


class NoticeRead(models.Model):
    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("阅读人"),
                             on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(_("阅读时间"), default=timezone.now)

    class Meta:
        verbose_name = _("阅读记录")
        verbose_name_plural = _("阅读记录")
        constraints = [models.UniqueConstraint(fields=("notice", "user"),
                                               name="notice_read_once")]

    def __str__(self) -> str:
        return f"{self.notice_id} {self.user_id}"
