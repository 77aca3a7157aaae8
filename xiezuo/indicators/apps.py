from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "xiezuo.indicators"
    verbose_name = _("目标考核")
