from django.contrib import admin

from xiezuo.reporting.models import DataSet


@admin.register(DataSet)
class DataSetAdmin(admin.ModelAdmin):
    list_display = ("name", "frequency", "deadline_day", "owed_by", "active")
