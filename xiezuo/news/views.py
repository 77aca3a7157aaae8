"""The review queue: list, upload, review (accept / reject)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xiezuo.core.listing import paginate
from xiezuo.core.scoping import Action, get_for_user
from xiezuo.news import actions
from xiezuo.news.forms import PasteForm, QueueFilter
from xiezuo.news.ingest import Outcome, ingest
from xiezuo.news.models import Report
from xiezuo.news.sources import FILE_LIMIT, SUFFIXES, TEXT_LIMIT, Upload, accepts, limit

QUEUE_PAGE = 50


def queue(request: HttpRequest) -> HttpResponse:
    """One row per event (near-duplicate reports are listed as sources of the first), filtered
    and paged; a page holds ``QUEUE_PAGE`` reports."""
    filters = QueueFilter(request.GET or None)
    reports: Any = filters.filter(
        Report.objects.visible_to(request.user).select_related("region", "meeting")
    )
    listing = paginate(
        request, reports, size=QUEUE_PAGE,
        default=(F("event_date").desc(nulls_last=True), "cluster_key", "id"),
        sorts={"date": (F("event_date"), "cluster_key"), "title": ("title",),
               "region": ("region__code", "cluster_key"), "status": ("status", "cluster_key")},
    )
    page = listing.page
    events: dict[str, list[Report]] = {}
    for report in page.object_list:
        events.setdefault(report.cluster_key, []).append(report)
    return render(
        request,
        "news/queue.html",
        {
            "events": list(events.values()),
            "filter": filters,
            "page": page,
            "listing": listing,
            "querystring": listing.querystring,
            "can_add": actions.may_upload(request.user),
        },
    )


def _decidable(request: HttpRequest, pk: int) -> Report:
    """The report ``pk`` if the user sees it (else 404) and may decide reports (else 403)."""
    report = get_for_user(Report.objects.all(), request.user, pk)
    if not actions.may_decide(request.user):
        raise PermissionDenied
    return report


def upload(request: HttpRequest) -> HttpResponse:
    """Report files (text, saved web pages, Word, PDF; many at once) or a pasted text into
    the queue. Whoever may decide reports may bring them in (``actions.may_upload``)."""
    if not actions.may_upload(request.user):
        raise PermissionDenied
    form = PasteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        files = request.FILES.getlist("files")
        text = form.cleaned_data["text"].strip()
        if not files and not text:
            form.add_error(None, _("请选择报道文件，或粘贴报道正文。"))
        else:
            items, refused = _upload_items(files)
            outcome = ingest(items) if items else Outcome()
            if text:
                pasted = form.cleaned_data
                given = Upload("", pasted["title"], pasted["outlet"], pasted["published_on"],
                               pasted["url"])
                title = pasted["title"] or str(_("粘贴的报道"))  # outside the f-string:
                name = f"{title}.txt"[:200]  # makemessages reads no call inside one
                more = ingest([(name, text.encode("utf-8"))], given=given)
                outcome.created += more.created
                outcome.skipped += more.skipped
                outcome.refused += more.refused
            refused += [_("%(name)s（%(reason)s）") % {"name": name, "reason": _("读不出正文")}
                        for name, _reason in outcome.refused]
            if refused:
                messages.error(request, _("以下文件未导入：%(files)s") % {
                    "files": "、".join(refused)})
            if outcome.created or outcome.skipped:
                messages.success(request, _("已导入 %(c)d 篇，%(s)d 篇此前已导入。") % {
                    "c": len(outcome.created), "s": len(outcome.skipped)})
                if len(outcome.created) == 1 and not outcome.skipped and not refused:
                    return redirect(outcome.created[0])
                return redirect("news:queue")
    return render(request, "news/upload.html", {
        "form": form, "accept": ",".join(SUFFIXES),
        "text_mb": TEXT_LIMIT // 1_048_576, "file_mb": FILE_LIMIT // 1_048_576,
    })


def _upload_items(files: list[Any]) -> tuple[list[tuple[str, bytes]], list[str]]:
    """(name, bytes) of the uploaded files of a kind and size the reader takes, and the
    others named with the reason."""
    items: list[tuple[str, bytes]] = []
    refused: list[str] = []
    for upload in files:
        name = upload.name or "report.txt"
        if not accepts(name):
            reason = _("不支持的文件类型")
        elif (upload.size or 0) > limit(name):
            reason = _("文件过大")
        else:
            data = upload.read()
            if data.strip():
                items.append((name, data))
                continue
            reason = _("空文件")
        refused.append(_("%(name)s（%(reason)s）") % {"name": name, "reason": reason})
    return items, refused


def highlight(text: str, record: dict[str, Any]) -> SafeString:
    """``text`` escaped, with the verbatim spans of amounts, counts and people in <mark>."""
    spans: dict[str, str] = {}
    for key, css in (("amounts", "amount"), ("counts", "count")):
        for item in record.get(key) or []:
            if item.get("text"):
                spans.setdefault(str(item["text"]), css)
    for person in record.get("people") or []:
        if person.get("name"):
            spans.setdefault(str(person["name"]), "person")
    if not spans:
        return escape(text)
    pattern = re.compile("|".join(re.escape(s) for s in sorted(spans, key=len, reverse=True)))
    out: list[str] = []
    last = 0
    for match in pattern.finditer(text):
        out.append(escape(text[last:match.start()]))
        out.append(f'<mark class="{spans[match.group(0)]}">{escape(match.group(0))}</mark>')
        last = match.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # every piece escaped above


@dataclass(frozen=True)
class FormError:
    """An error of the review form, named as the page shows it."""

    section: str
    row: int | None  # 1-based, for the rows of a table
    field: str
    message: str
    anchor: str  # the id of the input to go to


def review_errors(review: actions.Review) -> list[FormError]:
    """The errors of the review form in the order of the page (the meeting, the officials,
    the agreements, the figures): the first is named at the top of the page."""
    found: list[FormError] = []

    def collect(section: str, form: Any, row: int | None) -> None:
        for name, errors in form.errors.items():
            bound = form[name] if name in form.fields else None
            label = str(bound.label) if bound is not None else ""
            anchor = bound.id_for_label if bound is not None else ""
            found.extend(FormError(section, row, label, str(e), anchor) for e in errors)

    if review.meeting.is_bound:
        collect(str(_("会议活动")), review.meeting, None)
    for section, formset in (
        (_("出席领导"), review.officials), (_("签约协议"), review.agreements),
        (_("资金"), review.funds), (_("数字"), review.counts),
    ):
        if not formset.is_bound:
            continue
        for error in formset.non_form_errors():
            found.append(FormError(str(section), None, "", str(error), ""))
        for index, form in enumerate(formset.forms, 1):
            collect(str(section), form, index)
    return found


def review(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_for_user(Report.objects.select_related("region", "pairing", "meeting"),
                          request.user, pk)
    can_decide = report.is_pending and actions.may_decide(request.user)
    if request.method == "POST":
        report = _decidable(request, pk)
        forms = actions.review_forms(report, request.user, request.POST)
        try:
            meeting = actions.accept(report, request.user, forms)
        except actions.AlreadyDecided as exc:
            messages.error(request, str(exc))
            return redirect(report)
        except ValidationError:
            pass  # the errors are named at the top of the form and beside each field
        else:
            messages.success(request, _("已采用，生成会议活动「%(m)s」。") % {"m": meeting})
            return redirect(meeting)
    else:
        forms = actions.review_forms(report, request.user)
    siblings: Any = report.siblings().restrict(request.user, Action.VIEW)
    errors = review_errors(forms) if request.method == "POST" else []
    return render(request, "news/review.html", {
        "report": report, "forms": forms, "can_decide": can_decide,
        "errors": errors, "first_error": errors[0] if errors else None,
        "original": highlight(report.original_text, report.record),
        "cleaned": highlight(report.cleaned_text, report.record),
        "record": report.record, "siblings": siblings.order_by("id"),
        "reject_form": actions.RejectForm(),
    })


@require_POST
def reject(request: HttpRequest, pk: int) -> HttpResponse:
    report = _decidable(request, pk)
    form = actions.RejectForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写退回理由。"))
        return redirect(report)
    try:
        actions.reject(report, request.user, form.cleaned_data["reason"])
    except actions.AlreadyDecided as exc:
        messages.error(request, str(exc))
        return redirect(report)
    messages.success(request, _("已退回。"))
    return redirect("news:queue")
