from typing import Any

from django.contrib import admin

from xiezuo.api.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("prefix", "name", "user", "created", "last_used", "expires_at")
    list_select_related = ("user",)
    search_fields = ("name", "prefix", "user__username")
    readonly_fields = ("prefix", "key_hash", "created", "last_used")
    raw_id_fields = ("user",)

    def has_add_permission(self, request: object) -> bool:
        return False  # keys are issued with `xiezuo apitoken`, which shows the key once

    def delete_model(self, request: Any, obj: ApiToken) -> None:
        obj.revoke()

    def delete_queryset(self, request: Any, queryset: Any) -> None:
        for token in queryset.select_related("user"):
            token.revoke()
