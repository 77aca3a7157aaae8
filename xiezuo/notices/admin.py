from django.contrib import admin

from xiezuo.notices.models import Notice


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ("title", "office", "published_at", "deadline")
    search_fields = ("title",)
    raw_id_fields = ("office",)
