from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SheetsConfig(AppConfig):
    name = "xiezuo.sheets"
    verbose_name = _("表格导入")
