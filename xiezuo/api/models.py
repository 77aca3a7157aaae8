"""API tokens: the key is shown once when issued; only its SHA-256 digest is stored."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

#: the part of a key kept in clear to tell tokens apart in the admin
PREFIX_LENGTH = 8


def digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def default_expiry() -> dt.datetime:
    """A new token's end of validity: ``API_TOKEN_DAYS`` (365 by default) from now."""
    return timezone.now() + dt.timedelta(days=settings.API_TOKEN_DAYS)


class ApiToken(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("用户"),
                             on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("名称"), max_length=100, blank=True)
    prefix = models.CharField(_("前缀"), max_length=PREFIX_LENGTH, editable=False)
    key_hash = models.CharField(_("密钥摘要"), max_length=64, unique=True, editable=False)
    created = models.DateTimeField(_("创建时间"), auto_now_add=True)
    last_used = models.DateTimeField(_("最近使用"), null=True, blank=True, editable=False)
    expires_at = models.DateTimeField(_("有效期至"), default=default_expiry)

    class Meta:
        verbose_name = _("接口令牌")
        verbose_name_plural = _("接口令牌")
        ordering = ("-created",)

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name or self.user})"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @classmethod
    def issue(cls, user: object, name: str = "", days: int | None = None
              ) -> tuple[ApiToken, str]:
        """A new token for ``user``, valid ``days`` days (``API_TOKEN_DAYS`` by default), and
        its key, which is not stored and cannot be shown again."""
        key = secrets.token_urlsafe(32)
        expires = (timezone.now() + dt.timedelta(days=days) if days is not None
                   else default_expiry())
        from django.db import transaction

        from xiezuo.core.models import record_audit

        with transaction.atomic():
            token = cls.objects.create(user=user, name=name, prefix=key[:PREFIX_LENGTH],
                                       key_hash=digest(key), expires_at=expires)
            record_audit(token, "token_issue", {
                "user": [None, str(getattr(user, "username", user))], "name": [None, name],
                "expires_at": [None, expires.isoformat()]})
        return token, key

    def revoke(self, reason: str = "") -> None:
        """Withdraw the token: it is deleted, and the audit log keeps whose it was."""
        from django.db import transaction

        from xiezuo.core.models import record_audit

        with transaction.atomic():
            record_audit(self, "token_revoke", {
                "user": [self.user.username, None], "name": [self.name, None]}, reason)
            self.delete()

    @classmethod
    def find(cls, key: str) -> ApiToken | None:
        if not key:
            return None
        return cls.objects.select_related("user", "user__office__region").filter(
            key_hash=digest(key)).first()


class IdempotentRequest(models.Model):
    """A write sent with an ``Idempotency-Key``: a retry with the same key and body answers
    what the first one did and writes nothing again (kept ``KEY_DAYS`` days)."""

    token = models.ForeignKey(ApiToken, verbose_name=_("接口令牌"), on_delete=models.CASCADE,
                              related_name="+")
    key = models.CharField(_("幂等键"), max_length=100)
    digest = models.CharField(_("请求摘要"), max_length=64)
    status = models.PositiveSmallIntegerField(_("响应状态"))
    body = models.JSONField(_("响应内容"), null=True)
    etag = models.CharField(_("ETag"), max_length=40, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("幂等请求")
        verbose_name_plural = _("幂等请求")
        constraints = [models.UniqueConstraint(fields=("token", "key"),
                                               name="idempotency_key_once_per_token")]

    def __str__(self) -> str:
        return f"{self.token_id} {self.key}"
