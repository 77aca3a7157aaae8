from django.contrib import admin

from xiezuo.indicators.models import Indicator


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "unit", "side", "source", "aggregation", "period_type",
                    "valid_from", "valid_to")
    list_filter = ("side", "aggregation", "period_type")
    search_fields = ("code", "name", "name_en")
    raw_id_fields = ("parent",)
