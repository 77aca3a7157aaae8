from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "xiezuo.meetings"
    verbose_name = _("会议协议")
