from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from xiezuo.accounts.models import Office, User


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ("name", "region", "side")
    list_filter = ("side",)
    search_fields = ("name", "region__name", "region__code")
    raw_id_fields = ("region",)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "full_name", "office", "role", "is_active")
    list_filter = ("role", "is_active", "office__side")
    search_fields = ("username", "full_name", "office__name")
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        (_("单位与角色"), {"fields": ("full_name", "office", "role", "may_see_personal_data")}),
    )

    def save_related(self, request: Any, form: Any, formsets: Any, change: Any) -> None:
        """Groups and permissions are many-to-many: compared before and after, audited."""
        from xiezuo.core.models import record_audit

        user = form.instance
        before = self._rights(user) if change else ({}, {})
        super().save_related(request, form, formsets, change)
        after = self._rights(user)
        changes = {name: [sorted(b), sorted(a)]
                   for name, b, a in zip(("groups", "user_permissions"), before, after,
                                         strict=True) if set(b) != set(a)}
        if changes:
            record_audit(user, "role", changes)

    @staticmethod
    def _rights(user: Any) -> tuple[list[str], list[str]]:
        if user.pk is None:
            return [], []
        return (list(user.groups.values_list("name", flat=True)),
                list(user.user_permissions.values_list("codename", flat=True)))
