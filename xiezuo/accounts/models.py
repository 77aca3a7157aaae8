"""Offices (协作办), users and their roles. A user's data scope comes from their office."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from xiezuo.core.models import AuditedModel
from xiezuo.core.money import Unit
from xiezuo.core.scoping import Role, Scope, ScopedQuerySet


class Side(models.TextChoices):
    DONOR = "donor", _("帮扶方")
    RECIPIENT = "recipient", _("受援方")
    NATIONAL = "national", _("全国")


class OfficeQuerySet(ScopedQuerySet["Office"]):
    pass


class Office(AuditedModel):
    name = models.CharField(_("单位名称"), max_length=100, unique=True)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("所在区划"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="offices",
    )
    side = models.CharField(_("角色方"), max_length=12, choices=Side.choices)

    scope_regions = ("region",)
    objects: ClassVar[OfficeQuerySet] = OfficeQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        ordering = ("region__code", "name")

    def __str__(self) -> str:
        return self.name

    @property
    def is_national(self) -> bool:
        return self.side == Side.NATIONAL

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.side != Side.NATIONAL and self.region_id is None:
            raise ValidationError({"region": _("帮扶方和受援方单位必须指定所在区划。")})


class User(AbstractUser):
    full_name = models.CharField(_("姓名"), max_length=50, blank=True)
    office = models.ForeignKey(
        Office, verbose_name=_("所属单位"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="users",
    )
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices, default=Role.VIEWER)
    may_see_personal_data = models.BooleanField(
        _("可查看个人敏感信息"), default=False,
        help_text=_("可查看完整身份证号和手机号；其余用户只能看到脱敏后的号码。"),
    )

    money_unit = models.CharField(
        _("金额显示单位"), max_length=8, choices=Unit.choices, default=Unit.WAN,
    )
    password_changed_at = models.DateTimeField(_("密码修改时间"), null=True, blank=True,
                                               editable=False)
    must_change_password = models.BooleanField(
        _("下次登录须修改密码"), default=False, editable=False,
        help_text=_("管理员设置的临时密码：用户登录后须先修改密码。"))

    objects: ClassVar[UserManager[User]] = UserManager()  # type: ignore[assignment]

    #: what decides what a user may do and see: every change of these is audited
    SECURITY_FIELDS: ClassVar[tuple[str, ...]] = (
        "role", "office_id", "may_see_personal_data", "is_active", "is_staff", "is_superuser")
    #: who the account is: every change of these is audited too (as an update)
    PROFILE_FIELDS: ClassVar[tuple[str, ...]] = ("username", "full_name", "email")
    _security: dict[str, Any]
    #: why the next save changes the account, written to its audit rows (not a field)
    audit_reason: str = ""

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        ordering = ("username",)

    def __str__(self) -> str:
        return self.full_name or self.username

    @classmethod
    def from_db(cls, db: str | None, field_names: Any, values: Any) -> User:
        user = super().from_db(db, field_names, values)
        user._security = user.security_snapshot()
        return user

    def security_snapshot(self) -> dict[str, Any]:
        deferred = self.get_deferred_fields()
        data = {f: getattr(self, f) for f in (*self.SECURITY_FIELDS, *self.PROFILE_FIELDS)
                if f not in deferred}
        if "password" not in deferred:
            data["password"] = self.password
        return data

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Save; a new account, a change of role, office, rights, name or password is audited
        (the password as "changed", never its hash), with ``audit_reason`` when the caller
        set one (the people pages say who changed what for which office)."""
        from django.db import transaction

        from xiezuo.core.models import AuditAction, record_audit

        creating = self._state.adding
        before = getattr(self, "_security", {})
        after = self.security_snapshot()
        changes = {k: [before.get(k), v] for k, v in after.items()
                   if creating or (k in before and before[k] != v)}
        password_changed = "password" in changes
        changes.pop("password", None)
        profile = {k: changes.pop(k) for k in self.PROFILE_FIELDS if k in changes}
        reason = str(getattr(self, "audit_reason", "") or "")
        if password_changed:
            from django.utils import timezone

            self.password_changed_at = timezone.now()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "password_changed_at"}
        with transaction.atomic():
            super().save(*args, **kwargs)
            if password_changed and self.password:
                PasswordHistory.remember(self)
            if creating:
                record_audit(self, AuditAction.CREATE,
                             {k: [None, v[1]] for k, v in {**profile, **changes}.items()},
                             reason)
            else:
                if changes:
                    record_audit(self, "role", changes, reason)
                if profile:
                    record_audit(self, AuditAction.UPDATE, profile, reason)
                if password_changed:
                    record_audit(self, "password", {"password": ["***", "***"]}, reason)
        self._security = self.security_snapshot()

    @property
    def scope(self) -> Scope:
        return Scope.of(self)


class PasswordHistory(models.Model):
    """The hashes of a user's recent passwords, so that a new one repeats none of the last
    five (``accounts/passwords.py``)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    password = models.CharField(max_length=128)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("历史密码")
        verbose_name_plural = _("历史密码")

    def __str__(self) -> str:
        return f"{self.user_id} {self.created:%Y-%m-%d}"

    @classmethod
    def remember(cls, user: User) -> None:
        from xiezuo.accounts.passwords import HISTORY

        cls.objects.create(user=user, password=user.password)
        keep = cls.objects.filter(user=user).order_by("-id").values_list("id", flat=True)[
            :HISTORY]
        cls.objects.filter(user=user).exclude(id__in=list(keep)).delete()
