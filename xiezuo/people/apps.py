from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "xiezuo.people"
    verbose_name = _("干部人才")
