from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SocialConfig(AppConfig):
    name = "xiezuo.social"
    verbose_name = _("社会结对")
