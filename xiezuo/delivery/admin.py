from django.contrib import admin

from xiezuo.delivery.models import Delivery, ScheduledRun


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ("created_at", "kind", "channel", "status", "attempts", "last_error")
    list_filter = ("status", "kind", "channel")
    readonly_fields = ("user", "kind", "channel", "subject", "body", "status", "attempts",
                       "last_error", "created_at", "sent_at", "next_attempt_at")


@admin.register(ScheduledRun)
class ScheduledRunAdmin(admin.ModelAdmin):
    list_display = ("key", "job", "slot", "enqueued_at", "task_id")
