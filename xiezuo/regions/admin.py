from typing import Any

from django.contrib import admin

from xiezuo.core import generations
from xiezuo.regions.models import Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "short_name", "level", "valid_from", "valid_to")
    list_filter = ("level",)
    search_fields = ("code", "name", "short_name")
    raw_id_fields = ("parent", "successor")

    # a region's name and scope key are read by every ledger list's figures
    def save_model(self, request: Any, obj: Region, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        generations.references_changed()

    def delete_model(self, request: Any, obj: Region) -> None:
        super().delete_model(request, obj)
        generations.references_changed()

    def delete_queryset(self, request: Any, queryset: Any) -> None:
        super().delete_queryset(request, queryset)
        generations.references_changed()
