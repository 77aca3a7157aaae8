from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "xiezuo.reporting"
    verbose_name = _("报送审核")

    def ready(self) -> None:
        from xiezuo.core import inbox
        from xiezuo.core.models import ACTION_LABELS
        from xiezuo.reporting import inbox as provider

        ACTION_LABELS.update({
            "submit": _("提交"), "review": _("审核通过"), "approve": _("批准"),
            "return": _("退回"), "unlock": _("解锁"), "no_data": _("声明本期无数据"),
            "withdraw_no_data": _("撤销无数据声明"), "remind": _("催报"),
        })
        inbox.register(provider.submissions)
