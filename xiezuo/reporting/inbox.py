"""The reporting chain's inbox provider: periods to enter, reports to review or approve, and
reports returned to the user, each only inside the user's scope."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from xiezuo.core.inbox import InboxItem
from xiezuo.core.scoping import Action, Scope
from xiezuo.regions.models import Level
from xiezuo.reporting import rules
from xiezuo.reporting.models import DataSet, OwedBy, Status, Submission
from xiezuo.reporting.periods import periods_between

#: how far back unsubmitted periods are listed
LOOKBACK_DAYS = 366


def _level(user: Any) -> str:
    scope = Scope.of(user)
    if scope.national:
        return "national"
    office = getattr(user, "office", None)
    region = getattr(office, "region", None)
    return str(region.level) if region is not None else ""


def submissions(user: Any, today: dt.date) -> Iterable[InboxItem]:
    scope = Scope.of(user)
    level = _level(user)
    if not scope.actions:
        return []
    items: list[InboxItem] = []
    if level == Level.COUNTY and (scope.allows(Action.ADD) or scope.allows(Action.CHANGE)):
        items += _to_enter(user, today)
    rows: Any = Submission.objects.visible_to(user).select_related("region", "data_set")
    if level in (Level.PREFECTURE, Level.PROVINCE) and scope.allows(Action.REVIEW):
        # a province reviews the counties that hang directly on it and those whose prefecture
        # has no reviewer (rules.reviewing_level)
        below: Any = Q(region__parent__level=level)
        if level == Level.PROVINCE:
            below |= Q(region__parent__level=Level.PREFECTURE) & ~Exists(
                rules.reviewer_users().filter(office__region=OuterRef("region__parent")))
        pending = (rows.filter(status=Status.SUBMITTED).exclude(region_key=scope.region_key)
                   .filter(below))
        for sub in pending:
            if sub.is_returned:
                items.append(_item(sub, "returned", _("退回给我"), today, sub.return_reason))
            else:
                items.append(_item(sub, "review", _("待审核"), today))
    if level in (Level.PROVINCE, "national") and scope.allows(Action.APPROVE):
        items += [_item(sub, "approve", _("待批准"), today)
                  for sub in rows.filter(status=Status.REVIEWED)]
    return items


def _item(sub: Submission, kind: str, label: Any, today: dt.date, note: str = "") -> InboxItem:
    return InboxItem(kind=kind, kind_label=label, title=str(sub),
                     url=reverse("reporting:detail", args=[sub.pk]), due=sub.deadline,
                     overdue=sub.is_overdue(today), note=note)


def _to_enter(user: Any, today: dt.date) -> list[InboxItem]:
    office = user.office
    side = OwedBy.DONOR if office.side == "donor" else OwedBy.RECIPIENT
    data_sets = list(DataSet.objects.filter(active=True, owed_by__in=[side, OwedBy.BOTH],
                                            start_date__lte=today))
    if not data_sets:
        return []
    region = office.region
    earliest = today - dt.timedelta(days=LOOKBACK_DAYS)
    existing = {(s.data_set_id, s.period_start): s for s in Submission.objects.filter(
        region=region, data_set__in=data_sets, period_start__gte=earliest - dt.timedelta(
            days=366)).select_related("region", "data_set")}
    items: list[InboxItem] = []
    for data_set in data_sets:
        first = max(data_set.start_date, earliest)
        for period in periods_between(data_set.frequency, first, today):
            sub = existing.get((data_set.pk, period.start))
            if sub is not None and sub.status != Status.DRAFT:
                continue
            if sub is not None and sub.is_returned:
                items.append(_item(sub, "returned", _("退回给我"), today, sub.return_reason))
                continue
            due = period.deadline(data_set.deadline_day)
            items.append(InboxItem(
                kind="enter", kind_label=_("待填报"),
                title=f"{region.name} {period.label} {data_set.name}",
                url=reverse("reporting:open", args=[data_set.pk, period.start.isoformat()])
                if sub is None else reverse("reporting:detail", args=[sub.pk]),
                due=due, overdue=due < today, post=sub is None))
    return items
