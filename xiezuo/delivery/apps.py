from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeliveryConfig(AppConfig):
    name = "xiezuo.delivery"
    verbose_name = _("通知送达")

    def ready(self) -> None:
        from xiezuo.core.models import ACTION_LABELS

        ACTION_LABELS.update({"preferences": _("修改通知偏好")})
