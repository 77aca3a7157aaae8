from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "xiezuo.accounts"
    verbose_name = _("账号与单位")

    def ready(self) -> None:
        from xiezuo.accounts import events

        events.connect()
