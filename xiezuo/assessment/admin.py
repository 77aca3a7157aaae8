from django.contrib import admin

from xiezuo.assessment.models import CountyClass, Item, Scheme


class ItemInline(admin.TabularInline):
    model = Item
    extra = 1


class CountyClassInline(admin.TabularInline):
    model = CountyClass
    extra = 0
    filter_horizontal = ("regions",)


@admin.register(Scheme)
class SchemeAdmin(admin.ModelAdmin):
    list_display = ("year", "name", "level", "good_from", "fairly_good_from", "fair_from")
    inlines = [ItemInline, CountyClassInline]
