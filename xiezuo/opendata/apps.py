from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpendataConfig(AppConfig):
    name = "xiezuo.opendata"
    verbose_name = _("开放数据")
