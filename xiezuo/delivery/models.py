"""Where notifications reach people (e-mail, a work-messaging robot), each user's choice of
channels per kind, every delivery's state, and the scheduler's runs (one per due slot)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    RETURN = "return", _("退回")
    APPROVAL = "approval", _("审核通过")
    OVERDUE = "overdue", _("逾期")
    NOTICE = "notice", _("通知公告")


class Channel(models.TextChoices):
    EMAIL = "email", _("电子邮件")
    WEBHOOK = "webhook", _("企业微信／钉钉群机器人")


class Preference(models.Model):
    """A user's choice: for each kind, the channels besides the in-app list (none unless
    chosen), and the robot's webhook address for the work-messaging channel."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("用户"),
                                on_delete=models.CASCADE, related_name="delivery_preference")
    #: {"return": ["email", "webhook"], ...}
    channels = models.JSONField(_("送达渠道"), default=dict, blank=True)
    webhook_url = models.URLField(_("群机器人地址"), max_length=500, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("通知偏好")
        verbose_name_plural = _("通知偏好")

    def __str__(self) -> str:
        return str(self.user)

    def wants(self, kind: str) -> list[str]:
        chosen = self.channels.get(kind, []) if isinstance(self.channels, dict) else []
        return [c for c in Channel.values if c in chosen]


class Status(models.TextChoices):
    PENDING = "pending", _("待发送")
    RETRYING = "retrying", _("等待重试")
    SENT = "sent", _("已送达")
    FAILED = "failed", _("失败")


class Delivery(models.Model):
    """One message to one user by one channel: its state, attempts and the last error."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("接收人"),
                             on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("类别"), max_length=12, choices=Kind.choices)
    channel = models.CharField(_("渠道"), max_length=12, choices=Channel.choices)
    subject = models.CharField(_("标题"), max_length=150)
    body = models.TextField(_("内容"))
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices,
                              default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    last_error = models.CharField(_("最近错误"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    sent_at = models.DateTimeField(_("送达时间"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("下次尝试"), null=True, blank=True)

    class Meta:
        verbose_name = _("送达记录")
        verbose_name_plural = _("送达记录")
        ordering = ("-created_at", "-id")
        indexes = [models.Index(fields=("status", "created_at"))]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.get_channel_display()} #{self.pk}"


class ScheduledRun(models.Model):
    """A scheduled job's run for one due slot: the unique key makes two schedulers (on two
    machines) enqueue it once."""

    key = models.CharField(_("运行标识"), max_length=100, unique=True)
    job = models.CharField(_("任务"), max_length=50)
    slot = models.CharField(_("时段"), max_length=40)
    enqueued_at = models.DateTimeField(_("入队时间"), auto_now_add=True)
    task_id = models.CharField(_("任务编号"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("定时任务运行")
        verbose_name_plural = _("定时任务运行")
        ordering = ("-enqueued_at", "-id")

    def __str__(self) -> str:
        return self.key


def mask_url(url: str) -> str:
    """A webhook address with its secret (the query: key=…, access_token=…) masked."""
    if not url:
        return ""
    base, sep, query = url.partition("?")
    if not sep:
        return base
    parts = []
    for pair in query.split("&"):
        name, eq, _value = pair.partition("=")
        parts.append(f"{name}=****" if eq else name)
    return f"{base}?{'&'.join(parts)}"


def describe(channels: Any) -> dict[str, list[str]]:
    return {k: sorted(v) for k, v in (channels or {}).items() if v}
