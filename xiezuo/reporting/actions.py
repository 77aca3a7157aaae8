"""The steps of the reporting chain. Each is one function, one transaction, one audit row:
the submission is locked (``select_for_update``), its status checked against the one the
actor saw, and a step someone else took first is refused with a message — one wins, the
other is told, nothing is lost.

    draft ──submit──▶ submitted ──review──▶ reviewed ──approve──▶ approved
      ▲                 │  ▲                   │                     │
      └──── return ─────┘  └────── return ─────┘                     │
      └──────────────────────────── unlock ──────────────────────────┘
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xiezuo.core import chain
from xiezuo.core.audit import acting_as
from xiezuo.core.models import record_audit
from xiezuo.ledgers import locks
from xiezuo.ledgers.declare import model_of
from xiezuo.regions.models import Region
from xiezuo.reporting import notify, quality, rules, signals
from xiezuo.reporting.ledgers import completeness
from xiezuo.reporting.models import (
    DataSet,
    FindingExplanation,
    NoDataDeclaration,
    QualityFinding,
    Status,
    Submission,
)
from xiezuo.reporting.periods import Period


class Refused(Exception):
    """A step that may not be taken; the message says why."""

    def __str__(self) -> str:
        return str(self.args[0])


STATUS_LABELS = dict(Status.choices)


def open_submission(data_set: DataSet, region: Region, period: Period) -> Submission:
    """The submission of ``region`` for ``period``, made as a draft on first use."""
    submission, _created = Submission.objects.get_or_create(
        data_set=data_set, region=region, period_start=period.start,
        defaults={"period_end": period.end, "region_key": region.scope_key,
                  "deadline": period.deadline(data_set.deadline_day)})
    return submission


def _take(submission: Submission | int, user: Any, expected: str | None,
          allowed_from: tuple[str, ...]) -> Submission:
    pk = submission.pk if isinstance(submission, Submission) else submission
    chain.hold()  # the audit chain's head before any row (core/chain.py)
    locked = Submission.objects.select_for_update().get(pk=pk)
    seen = expected or (submission.status if isinstance(submission, Submission)
                        else locked.status)
    if locked.status != seen:
        raise Refused(_("该报送已被他人处理，当前状态为「%(now)s」（您看到的是「%(seen)s」），"
                        "您的操作未执行。请刷新页面后查看。") % {
            "now": STATUS_LABELS.get(locked.status, locked.status),
            "seen": STATUS_LABELS.get(seen, seen)})
    if locked.status not in allowed_from:
        raise Refused(_("报送状态为「%(s)s」，不能执行此操作。") % {
            "s": STATUS_LABELS.get(locked.status, locked.status)})
    return locked


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise Refused(_("请填写原因。"))
    return reason


def _save(submission: Submission, user: Any, verb: str, changes: dict[str, Any],
          reason: str = "") -> None:
    for name, value in changes.items():
        setattr(submission, name, value)
    with acting_as(user):
        submission.save(audit_action=verb, audit_reason=reason)


def missing(submission: Submission) -> list[str]:
    """The ledgers owed and neither entered nor declared empty."""
    return [c.name for c in completeness(submission) if not c.complete]


@transaction.atomic
def submit(submission: Submission | int, user: Any, *, expected: str | None = None,
           today: dt.date | None = None) -> Submission:
    sub = _take(submission, user, expected, (Status.DRAFT,))
    if not rules.may_submit(user, sub):
        raise Refused(_("只有本县（市、区）的录入人员可以提交本县的报送。"))
    gaps = missing(sub)
    if gaps:
        raise Refused(_("本期还不完整，不能提交。以下台账既没有数据，也没有声明「本期无数据」："
                        "%(l)s。") % {"l": "、".join(gaps)})
    now = timezone.now()
    late = (today or timezone.localdate()) > sub.deadline
    _save(sub, user, "submit", {"status": Status.SUBMITTED, "submitted_at": now,
                                "submitted_by": user, "late": late, "return_reason": ""})
    quality.run(sub)  # the data quality rules: shown to the reviewer, refusing nothing
    text = _("%(s)s 已提交，请审核。") % {"s": sub}
    if late:
        text = _("%(s)s 已提交（逾期提交），请审核。") % {"s": sub}
    notify.notify(notify.reviewers(sub), sub, text)
    return sub


@transaction.atomic
def review(submission: Submission | int, user: Any, *, expected: str | None = None
           ) -> Submission:
    sub = _take(submission, user, expected, (Status.SUBMITTED,))
    if not rules.may_review(user, sub):
        raise Refused(_("只有上级审核单位（市、州；直属于省的县由省）的审核人员"
                        "可以审核县里的报送。"))
    _save(sub, user, "review", {"status": Status.REVIEWED, "reviewed_at": timezone.now(),
                                "reviewed_by": user, "return_reason": ""})
    notify.notify(notify.approvers(sub), sub, _("%(s)s 已审核，请批准。") % {"s": sub},
                  "approval")
    return sub


@transaction.atomic
def approve(submission: Submission | int, user: Any, *, expected: str | None = None
            ) -> Submission:
    sub = _take(submission, user, expected, (Status.REVIEWED,))
    if not rules.may_approve(user, sub):
        raise Refused(_("只有省级审批单位可以批准报送。"))
    now = timezone.now()
    _save(sub, user, "approve", {"status": Status.APPROVED, "approved_at": now,
                                 "approved_by": user})
    locks.lock(sub.lock_holder, sub.region, sub.period_start, sub.period_end,
               sub.data_set.covered_ledgers(), by=user, at=now)
    signals.period_approved.send(Submission, submission=sub, region=sub.region,
                                 period_start=sub.period_start, period_end=sub.period_end,
                                 user=user)
    text = _("%(s)s 已批准，本期数据已锁定。") % {"s": sub}
    notify.notify([*notify.county_users(sub), *notify.reviewers(sub)], sub, text, "approval")
    return sub


@transaction.atomic
def return_(submission: Submission | int, user: Any, reason: str, *,
            expected: str | None = None) -> Submission:
    """Send back one level: the prefecture returns a submitted report to the county (草稿),
    the province returns a reviewed one to the prefecture (已提交)."""
    reason = _reason(reason)
    sub = _take(submission, user, expected, (Status.SUBMITTED, Status.REVIEWED))
    if sub.status == Status.SUBMITTED:
        if not rules.may_review(user, sub):
            raise Refused(_("只有上级审核单位（市、州；直属于省的县由省）的审核人员"
                            "可以退回县里的报送。"))
        back, told = Status.DRAFT, notify.county_users(sub)
    else:
        if not rules.may_approve(user, sub):
            raise Refused(_("只有省级审批单位可以退回已审核的报送。"))
        back, told = Status.SUBMITTED, notify.reviewers(sub)
    _save(sub, user, "return", {"status": back, "returned_at": timezone.now(),
                                "returned_by": user, "return_reason": reason}, reason)
    notify.notify(told, sub, _("%(s)s 被退回：%(r)s") % {"s": sub, "r": reason}, "return")
    return sub


@transaction.atomic
def unlock(submission: Submission | int, user: Any, reason: str, *,
           expected: str | None = None) -> Submission:
    """Reopen an approved period for correction: back to the county as a draft, with the
    reason shown as a return; the county corrects and submits again through the chain."""
    reason = _reason(reason)
    sub = _take(submission, user, expected, (Status.APPROVED,))
    if not rules.may_approve(user, sub):
        raise Refused(_("只有省级审批单位可以解锁已批准的报送。"))
    now = timezone.now()
    _save(sub, user, "unlock", {"status": Status.DRAFT, "unlocked_at": now,
                                "unlock_reason": reason, "returned_at": now,
                                "returned_by": user, "return_reason": reason}, reason)
    locks.release(sub.lock_holder)
    signals.period_unlocked.send(Submission, submission=sub, region=sub.region,
                                 period_start=sub.period_start, period_end=sub.period_end,
                                 user=user, reason=reason)
    text = _("%(s)s 已解锁，请修改后重新提交：%(r)s") % {"s": sub, "r": reason}
    notify.notify([*notify.county_users(sub), *notify.reviewers(sub)], sub, text)
    return sub


@transaction.atomic
def declare_no_data(submission: Submission | int, user: Any, ledger: str, *,
                    empty: bool = True) -> Submission:
    """The county declares (or withdraws) that a ledger has nothing this period."""
    sub = _take(submission, user, None, (Status.DRAFT,))
    if not rules.may_submit(user, sub):
        raise Refused(_("只有本县（市、区）的录入人员可以声明本期无数据。"))
    if ledger not in sub.data_set.covered_ledgers() or model_of(ledger) is None:
        raise Refused(_("「%(l)s」不是本报送事项涵盖的台账。") % {"l": ledger})
    found = NoDataDeclaration.objects.filter(submission=sub, ledger=ledger).first()
    with acting_as(user):
        if empty and found is None:
            NoDataDeclaration.objects.create(submission=sub, ledger=ledger)
        elif not empty and found is not None:
            found.delete()
    return sub


def current_findings(submission: Submission) -> list[QualityFinding]:
    """The findings of the month as its page shows them: what the rules find now while it is
    a draft (so the county sees them before submitting), what they found at submission
    after."""
    if submission.status == Status.DRAFT:
        return quality.findings(submission)
    return list(submission.findings.select_related("rule"))


@transaction.atomic
def explain(submission: Submission | int, user: Any, rule_id: int, record_id: str,
            text: str) -> FindingExplanation | None:
    """The county writes (or, with an empty text, withdraws) its explanation of one finding
    of its month: before or after submitting, until the month is approved. Audited."""
    pk = submission.pk if isinstance(submission, Submission) else submission
    chain.hold()  # the audit chain's head before any row (core/chain.py)
    sub = Submission.objects.select_for_update().select_related("data_set", "region").get(pk=pk)
    if not rules.may_submit(user, sub):
        raise Refused(_("只有本县（市、区）的录入人员可以填写情况说明。"))
    if sub.status == Status.APPROVED:
        raise Refused(_("本期报送已批准，不能再修改情况说明。"))
    if not any(f.rule_id == rule_id and f.record_id == record_id
               for f in current_findings(sub)):
        raise Refused(_("本期没有这条数据质量提示，请刷新页面后查看。"))
    text = (text or "").strip()
    if len(text) > 1000:
        raise Refused(_("情况说明不能超过 1000 字。"))
    found = FindingExplanation.objects.filter(submission=sub, rule_id=rule_id,
                                              record_id=record_id).first()
    with acting_as(user):
        if not text:
            if found is not None:
                found.delete()
            return None
        if found is None:
            found = FindingExplanation(submission=sub, rule_id=rule_id, record_id=record_id)
        if found.text != text:
            found.text = text
            found.save()
    return found


def remaining_empty(submission: Submission) -> list[Any]:
    """The owed ledgers of ``submission`` with no row this period and no declaration yet
    (``reporting.ledgers.LedgerCount``), in the data set's order."""
    return [c for c in completeness(submission) if c.owed and not c.count
            and not c.declared_empty]


@transaction.atomic
def declare_remaining_empty(submission: Submission | int, user: Any,
                            expected: list[str] | None = None) -> list[str]:
    """The county declares in one step every owed ledger with no row and no declaration
    empty this period; returns their labels. ``expected``: the labels the person was shown
    (refused when they are no longer those: a row was entered in the meantime)."""
    sub = _take(submission, user, None, (Status.DRAFT,))
    if not rules.may_submit(user, sub):
        raise Refused(_("只有本县（市、区）的录入人员可以声明本期无数据。"))
    remaining = remaining_empty(sub)
    labels = [c.label for c in remaining]
    if not labels:
        raise Refused(_("没有需要声明的台账：涵盖的台账都已填报或已声明。"))
    if expected is not None and sorted(expected) != sorted(labels):
        raise Refused(_("台账的填报情况在您打开页面之后有变化，没有声明任何台账。"
                        "请刷新页面后查看。"))
    with acting_as(user):
        for label in labels:
            NoDataDeclaration.objects.create(submission=sub, ledger=label)
        record_audit(sub, "no_data", None, _("其余台账一并声明本期无数据：%(l)s") % {
                         "l": "、".join(c.name for c in remaining)})
    return labels


@dataclass
class Outcome:
    submission: Submission
    done: bool
    message: str


def bulk(step: Callable[..., Submission], submissions: list[Submission], user: Any,
         **kwargs: Any) -> list[Outcome]:
    """Take ``step`` for each submission through the same function as one at a time; each
    item is its own transaction, done or refused whole."""
    outcomes: list[Outcome] = []
    for sub in submissions:
        try:
            done = step(sub, user, **kwargs)
        except Refused as exc:
            outcomes.append(Outcome(sub, False, str(exc)))
        else:
            outcomes.append(Outcome(done, True, ""))
    return outcomes


def remind(data_set: DataSet, period: Period, regions: list[Region], user: Any) -> int:
    """Remind the counties ``regions`` that they owe ``period`` (催报): one in-app
    notification to each person who enters data there, one audit row naming the counties;
    returns the number of people reminded."""
    from xiezuo.core.models import record_event

    if not regions:
        raise Refused(_("没有逾期未报的县。"))
    deadline = period.deadline(data_set.deadline_day)
    with transaction.atomic(), acting_as(user):
        sent = notify.remind(regions, _("请尽快报送%(p)s「%(d)s」（截止日期 %(due)s）。") % {
            "p": period.label, "d": data_set.name, "due": deadline.isoformat()})
        record_event(DataSet, data_set.pk, str(data_set), "remind",
                     {"counties": [None, [r.name for r in regions]], "people": [None, sent]},
                     str(period.label))
    return sent
