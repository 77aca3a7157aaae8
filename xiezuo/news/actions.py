"""The reviewer's decisions: the proposed records of a report as forms, accept and reject.

``accept`` creates the meeting, its officials and agreements through the meetings app's
forms and models, the figures the reviewer ticked through the funds and indicators ledgers'
forms, attaches the report as evidence, and marks the report accepted — all in one
transaction, on behalf of the deciding user (the records and the audit name them). A report
is decided once.

Who decides: a reviewer (``Action.REVIEW``: deciding is a review) or whoever may enter the
same records by hand (``Action.ADD``), for the reports and records within their scope.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.forms import BaseFormSet, formset_factory
from django.utils.translation import gettext_lazy as _

from xiezuo.core import chain
from xiezuo.core.audit import acting_as
from xiezuo.core.models import Attachment, AttachmentKind, record_audit
from xiezuo.core.scoping import Action, Scope
from xiezuo.funds.forms import FundMovementForm
from xiezuo.indicators.forms import ManualEntryForm
from xiezuo.ledgers import actions as ledger_actions
from xiezuo.ledgers.inlines import InlineForm
from xiezuo.meetings.forms import AgreementRowForm, MeetingForm
from xiezuo.meetings.models import AgreementKind, EventType, Meeting, Official, Role, Side, Source
from xiezuo.news.forms import (
    CountFigureFormSet,
    FigureFormSet,
    FundFigureFormSet,
    figure_initial,
)
from xiezuo.news.models import Report, Status

DECIDING_ACTIONS = (Action.REVIEW, Action.ADD)


def may_decide(user: Any) -> bool:
    """Whether ``user``'s role lets them accept or reject reports (scope is checked apart)."""
    return deciding_permission(user) is not None


def deciding_permission(user: Any) -> Action | None:
    """The permission by which ``user`` accepts a report (and so writes its records)."""
    scope = Scope.of(user)
    return next((action for action in DECIDING_ACTIONS if scope.allows(action)), None)


def may_upload(user: Any) -> bool:
    """Whether ``user`` may bring reports into the queue: whoever may decide them (a
    prefecture's reviewer, a county's data entry), not a viewer. The navigation's entry
    asks the same (``xiezuo.core.nav``)."""
    return may_decide(user)

EVENT_ORDER = [
    ("visit", EventType.VISIT), ("joint_meeting", EventType.JOINT_MEETING),
    ("symposium", EventType.SYMPOSIUM), ("signing", EventType.SIGNING),
]


class _BlankRowIsEmpty:
    """An added row counts as empty while its key field is blank (selects with defaults and
    the money unit do not make it a row)."""

    key_field = ""

    def has_changed(self) -> bool:
        form: Any = self
        if form.empty_permitted:
            return bool(str(form.data.get(form.add_prefix(self.key_field), "")).strip())
        return bool(super().has_changed())  # type: ignore[misc]


class OfficialRowForm(_BlankRowIsEmpty, InlineForm):
    key_field = "name"

    class Meta:
        model = Official
        fields = ("side", "name", "title", "role")


class AgreementReviewForm(_BlankRowIsEmpty, AgreementRowForm):
    key_field = "title"

    class Meta(AgreementRowForm.Meta):
        pass


OfficialFormSet = formset_factory(OfficialRowForm, extra=1, can_delete=True)
AgreementFormSet = formset_factory(AgreementReviewForm, extra=1, can_delete=True)


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("退回理由"), widget=forms.Textarea(attrs={"rows": 2}))


class AlreadyDecided(Exception):
    """The report was accepted or rejected before."""


@dataclass
class Review:
    report: Report
    user: Any
    meeting: MeetingForm
    officials: BaseFormSet
    agreements: BaseFormSet
    funds: FigureFormSet
    counts: FigureFormSet
    fund_forms: list[FundMovementForm] = field(default_factory=list)
    count_forms: list[ManualEntryForm] = field(default_factory=list)

    def is_valid(self) -> bool:
        rows = (self.officials, self.agreements, self.funds, self.counts)
        if not self.meeting.is_valid():
            for formset in rows:  # the rows are still validated, to show all errors at once
                formset.is_valid()
            return False
        meeting = self.meeting.instance
        for form in self.agreements.forms:
            form.instance.meeting = meeting
            form.instance.pairing = meeting.pairing
            form.instance.region = meeting.region
        if not all([formset.is_valid() for formset in rows]):
            return False
        return self._ledger_forms_valid(meeting)

    def _ledger_forms_valid(self, meeting: Meeting) -> bool:
        """The ticked figures through their ledgers' forms; errors go back on the rows."""
        self.fund_forms = [
            FundMovementForm(_fund_data(row.cleaned_data, row, meeting), user=self.user)
            for row in self.funds.ticked()
        ]
        self.count_forms = [
            ManualEntryForm(
                _count_data(row.cleaned_data, row, meeting, self.report), user=self.user
            )
            for row in self.counts.ticked()
        ]
        valid = True
        for rows, ledger_forms in (
            (self.funds.ticked(), self.fund_forms),
            (self.counts.ticked(), self.count_forms),
        ):
            for row, ledger_form in zip(rows, ledger_forms, strict=True):
                if not ledger_form.is_valid():
                    valid = False
                    for name, errors in ledger_form.errors.items():
                        label = ledger_form.fields[name].label if name in ledger_form.fields else ""
                        for error in errors:
                            row.add_error(None, f"{label}：{error}" if label else error)
        return valid


def _fund_data(row: dict[str, Any], form: Any, meeting: Meeting) -> dict[str, Any]:
    """The fund ledger form's data for a ticked amount (amount in yuan)."""
    day = row["date"]
    return {
        "year": day.year,
        "date": day.isoformat(),
        "type": row["type"],
        "source": row["source"],
        "amount_0": f"{row['amount']:f}",
        "amount_1": "yuan",
        "region": meeting.region.code if meeting.region_id else "",
        "pairing": meeting.pairing_id or "",
        "reported_by": row["reported_by"],
        "document_no": "",
        "notes": str(_("报道原文：%(t)s") % {"t": form.text})[:500],
    }


def _count_data(
    row: dict[str, Any], form: Any, meeting: Meeting, report: Report
) -> dict[str, Any]:
    """The manual figure ledger form's data for a ticked count."""
    day = row["as_of"]
    return {
        "year": day.year,
        "indicator": row["indicator"],
        "as_of": day.isoformat(),
        "value": f"{row['value']:f}",
        "region": meeting.region.code if meeting.region_id else "",
        "pairing": meeting.pairing_id or "",
        "basis": str(_("报道：%(r)s") % {"r": report})[:200],
        "notes": str(_("报道原文：%(t)s") % {"t": form.text})[:500],
    }


def _names(record: dict[str, Any], side: str) -> list[str]:
    return [str(r.get("name") or "") for r in record.get(side) or [] if isinstance(r, dict)]


def _side(title: str, donors: list[str], recipients: list[str]) -> str:
    def hit(names: list[str]) -> bool:
        return any(n and (n in title or n.rstrip("市州县区省") in title) for n in names)

    if hit(donors) and not hit(recipients):
        return Side.DONOR
    if hit(recipients) and not hit(donors):
        return Side.RECIPIENT
    return Side.OTHER


def _kind(subject: str) -> str:
    for word, kind in (("框架", AgreementKind.FRAMEWORK), ("合同", AgreementKind.CONTRACT),
                       ("备忘录", AgreementKind.MEMORANDUM)):
        if word in subject:
            return kind
    return AgreementKind.COOPERATION


def _two_parties(parties: list[str]) -> tuple[str, str]:
    """Party A and party B of the form from the record's parties: those signing together
    on one side (美菜网、红日药业 with 泾川县) are named together."""
    if len(parties) > 2:
        return "、".join(parties[:-1]), parties[-1]
    padded = [*parties, "", ""]
    return padded[0], padded[1]


def proposal(report: Report) -> dict[str, Any]:
    """The initial values of the review forms, from the extracted record."""
    record = report.record or {}
    types = record.get("event_types") or []
    kind = next((t for key, t in EVENT_ORDER if key in types), EventType.OTHER)
    donors, recipients = _names(record, "donor_regions"), _names(record, "recipient_regions")
    region = report.region
    meeting = {
        "type": kind, "title": (report.title or report.file_name)[:200],
        "start_date": report.event_date, "place": (recipients or [""])[0][:100],
        "region": region, "pairing": report.pairing,
        "direction": "to_recipient",
        "summary": "",
    }
    officials = []
    lead_given = False
    for person in record.get("people") or []:
        title = str(person.get("title") or "")
        side = _side(title, donors, recipients)
        role = Role.ATTEND
        if side == Side.DONOR and not lead_given:
            role, lead_given = Role.LEAD, True
        officials.append({"side": side, "name": str(person.get("name") or "")[:50],
                          "title": title[:200] or "—", "role": role})
    agreements = []
    for item in record.get("agreements") or []:
        party_a, party_b = _two_parties([str(p) for p in item.get("parties") or []])
        subject = str(item.get("subject") or "")
        agreements.append({"title": subject[:200], "kind": _kind(subject),
                           "party_a": party_a[:100], "party_b": party_b[:100]})
    return {"meeting": meeting, "officials": officials, "agreements": agreements}


def review_forms(report: Report, user: Any, data: Any = None) -> Review:
    """The editable proposal: bound to ``data`` when given, else filled from the record."""
    record = report.record or {}
    amounts, counts = record.get("amounts") or [], record.get("counts") or []
    if data is not None:
        return Review(
            report,
            user,
            MeetingForm(data, user=user, prefix="m"),
            OfficialFormSet(data, prefix="o"),
            AgreementFormSet(data, prefix="a"),
            FundFigureFormSet(data, prefix="f", figures=amounts),
            CountFigureFormSet(data, prefix="c", figures=counts),
        )
    initial = proposal(report)
    fund_rows, count_rows = figure_initial(record, report.event_date)
    return Review(
        report,
        user,
        MeetingForm(initial=initial["meeting"], user=user, prefix="m"),
        OfficialFormSet(initial=initial["officials"], prefix="o"),
        AgreementFormSet(initial=initial["agreements"], prefix="a"),
        FundFigureFormSet(initial=fund_rows, prefix="f", figures=amounts),
        CountFigureFormSet(initial=count_rows, prefix="c", figures=counts),
    )


def _kept(formset: BaseFormSet) -> list[Any]:
    return [f for f in formset.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")]


def _lock(report: Report) -> Report:
    chain.hold()  # the audit chain's head before any row (core/chain.py)
    locked = Report.objects.select_for_update().get(pk=report.pk)
    if locked.status != Status.PENDING:
        raise AlreadyDecided(str(_("该报道已处理（%(s)s），不能重复处理。") % {
            "s": locked.get_status_display()}))
    return locked


def attach_evidence(report: Report, record: Any, user: Any) -> Attachment:
    """The report's original text attached to ``record`` (a meeting, a fund movement…), and
    the file it was read from when that was no text file (a web page, a Word document, a
    PDF). Returns the text's attachment."""
    data = report.original_text.encode("utf-8")
    name = report.file_name if report.file_name.endswith(".txt") else f"{report.file_name}.txt"
    permission = deciding_permission(user)
    text = ledger_actions.attach(user, record, ContentFile(data, name=name),
                                 kind=AttachmentKind.EVIDENCE,
                                 title=str(_("来源报道：%(t)s") % {"t": report}),
                                 permission=permission)
    if report.source_file:
        with report.source_file.open("rb") as source:
            original = ContentFile(source.read(), name=report.file_name)
        ledger_actions.attach(user, record, original, kind=AttachmentKind.EVIDENCE,
                              title=str(_("来源报道原件：%(t)s") % {"t": report}),
                              permission=permission)
    return text


def accept(report: Report, user: Any, review: Review) -> Meeting:
    """Create the meeting (with officials and agreements) and the ticked figures' records
    from the reviewed forms, attach the report (and the pending reports of the same event)
    as evidence, mark them accepted — on behalf of ``user``.

    Raises ``AlreadyDecided``, ``PermissionDenied`` or ``ValidationError`` (forms invalid)."""
    if not may_decide(user):
        raise PermissionDenied
    with transaction.atomic(), acting_as(user):
        report = _lock(report)
        if not review.is_valid():
            raise ValidationError(str(_("请更正表单中的错误。")))
        allowed = deciding_permission(user)
        meeting = ledger_actions.save(user, review.meeting.save(commit=False),
                                      permission=allowed)
        review.meeting.save_m2m()
        for form in _kept(review.officials):
            official = form.save(commit=False)
            official.meeting = meeting
            official.full_clean()
            official.save()
        agreements = []
        for form in _kept(review.agreements):
            agreement = form.save(commit=False)
            agreement.meeting, agreement.pairing = meeting, meeting.pairing
            agreement.region = meeting.region
            agreement.full_clean()
            agreements.append(agreement)
        ledger_actions.write(user, agreements, permission=allowed)
        figures = [ledger_actions.save(user, form.save(commit=False), permission=allowed)
                   for form in [*review.fund_forms, *review.count_forms]]
        for record in figures:
            attach_evidence(report, record, user)
        others: Any = Report.objects.visible_to(user).filter(
            cluster_key=report.cluster_key, status=Status.PENDING).exclude(pk=report.pk)
        sources = [report, *Report.objects.select_for_update().filter(
            pk__in=list(others.values_list("pk", flat=True)), status=Status.PENDING)]
        for source in sources:
            attach_evidence(source, meeting, user)
            Source(meeting=meeting, title=(source.title or source.file_name)[:300],
                   publisher=source.outlet, published_on=source.published_on,
                   url=source.url).save()
            source.status, source.meeting = Status.ACCEPTED, meeting
            source.save(audit_action="accept")
        changes: dict[str, Any] = {"report": [None, report.pk]}
        if figures:
            changes["records"] = [None, [f"{r._meta.label}:{r.pk}" for r in figures]]
        record_audit(meeting, "accept", changes,
                     str(_("由报道「%(r)s」采用生成") % {"r": report})[:200])
    return meeting


def reject(report: Report, user: Any, reason: str) -> Report:
    """Reject the report, keeping the reason."""
    if not may_decide(user):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError(str(_("请填写退回理由。")))
    with transaction.atomic(), acting_as(user):
        report = _lock(report)
        report.status, report.reject_reason = Status.REJECTED, reason.strip()
        report.save(audit_action="reject", audit_reason=reason.strip())
    return report
