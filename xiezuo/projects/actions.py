"""State changes of a project: one function each, one transaction, one audit row (the
project is written by the ledger write action, which checks the period lock and keeps the
figures current)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from xiezuo.core import chain
from xiezuo.core.audit import acting_as
from xiezuo.ledgers import actions
from xiezuo.projects.models import NEXT_STATUS, Project, Status, Transition


class TransitionError(ValueError):
    pass


def advance(project: Project, to_status: str, on: dt.date, user: Any, note: str = "") -> Transition:
    """Move ``project`` one step along 计划 → 立项 → 在建 → 完工 → 验收 → 运营."""
    with transaction.atomic(), acting_as(user):
        chain.hold()  # the audit chain's head before any row (core/chain.py)
        locked = Project.objects.select_for_update().get(pk=project.pk)
        allowed = NEXT_STATUS.get(locked.status)
        if to_status != allowed:
            labels = dict(Status.choices)
            if allowed is None:
                raise TransitionError(_("项目已处于最后阶段「%(s)s」。") % {
                    "s": labels[locked.status]})
            raise TransitionError(_("项目只能从「%(f)s」进入「%(n)s」，不能直接到「%(t)s」。") % {
                "f": labels[locked.status], "n": labels[allowed],
                "t": labels.get(to_status, to_status)})
        if on > dt.date.today():
            raise TransitionError(_("状态日期不能晚于今天。"))
        if locked.status_date and on < locked.status_date:
            raise TransitionError(_("状态日期不能早于上一次状态变更（%(d)s）。") % {
                "d": locked.status_date.isoformat()})
        if to_status == Status.APPROVED and not locked.donor_consent:
            raise TransitionError(_("立项前须取得帮扶方同意，请先在项目中登记帮扶方同意。"))
        step = Transition.objects.create(
            project=locked, from_status=locked.status, to_status=to_status, date=on, note=note,
            actor=user if getattr(user, "is_authenticated", False) else None,
        )
        locked.status, locked.status_date = to_status, on
        actions.save(user, locked, action="advance", reason=note)
    project.refresh_from_db()
    return step
