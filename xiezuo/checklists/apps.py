from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChecklistsConfig(AppConfig):
    name = "xiezuo.checklists"
    verbose_name = _("清单管理")

    def ready(self) -> None:
        from xiezuo.checklists import inbox
        from xiezuo.core import inbox as core_inbox
        from xiezuo.core.models import ACTION_LABELS

        core_inbox.register(inbox.overdue_tasks)
        core_inbox.register(inbox.problems_due)
        ACTION_LABELS.update({"tick": _("勾销完成"), "reopen": _("重新打开"),
                              "clear": _("问题清零")})
