from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "xiezuo.news"
    verbose_name = _("报道采集")

    def ready(self) -> None:
        from xiezuo.core.models import ACTION_LABELS

        ACTION_LABELS.update({"accept": _("采用报道"), "reject": _("退回报道"),
                              "ingest": _("导入报道")})
