from django.contrib import admin

from xiezuo.regions.models import Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "short_name", "level", "valid_from", "valid_to")
    list_filter = ("level",)
    search_fields = ("code", "name", "short_name")
    raw_id_fields = ("parent", "successor")
