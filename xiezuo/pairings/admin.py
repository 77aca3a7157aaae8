from typing import Any

from django.contrib import admin

from xiezuo.pairings import actions
from xiezuo.pairings.models import Pairing


@admin.register(Pairing)
class PairingAdmin(admin.ModelAdmin):
    list_display = ("__str__", "kind", "level", "start_date", "end_date")
    list_filter = ("kind", "level")
    search_fields = ("donor__name", "recipient__name", "donor_unit")
    raw_id_fields = ("donor", "recipient", "parent")

    def save_model(self, request: Any, obj: Pairing, form: Any, change: bool) -> None:
        actions.save(request.user, obj)

    def delete_model(self, request: Any, obj: Pairing) -> None:
        actions.delete(request.user, obj)

    def delete_queryset(self, request: Any, queryset: Any) -> None:
        for pairing in queryset:
            actions.delete(request.user, pairing)
