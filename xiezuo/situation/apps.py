from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SituationConfig(AppConfig):
    name = "xiezuo.situation"
    verbose_name = _("月度情况报告")

    def ready(self) -> None:
        from xiezuo.reporting.signals import period_approved
        from xiezuo.situation import receivers

        period_approved.connect(receivers.archive_on_approval,
                                dispatch_uid="situation-archive-on-approval")
