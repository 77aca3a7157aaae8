from django.contrib import admin

from xiezuo.pairings.models import Pairing


@admin.register(Pairing)
class PairingAdmin(admin.ModelAdmin):
    list_display = ("__str__", "kind", "level", "start_date", "end_date")
    list_filter = ("kind", "level")
    search_fields = ("donor__name", "recipient__name", "donor_unit")
    raw_id_fields = ("donor", "recipient", "parent")
