from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "xiezuo.notices"
    verbose_name = _("通知公告")

    def ready(self) -> None:
        from xiezuo.core import inbox
        from xiezuo.core.models import ACTION_LABELS
        from xiezuo.notices import inbox as provider

        ACTION_LABELS.update({"publish": _("发布通知"), "read": _("阅读通知")})
        inbox.register(provider.unread_notices)
