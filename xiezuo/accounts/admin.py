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
