"""The review queue: list, upload, review (accept / reject)."""

from __future__ import annotations

import re
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xiezuo.core.scoping import Action, Scope, get_for_user, require
from xiezuo.news import actions
from xiezuo.news.forms import QueueFilter
from xiezuo.news.ingest import ingest
from xiezuo.news.models import Report

MAX_UPLOAD = 2 * 1_048_576
QUEUE_PAGE = 50


def queue(request: HttpRequest) -> HttpResponse:
    """One row per event (near-duplicate reports are listed as sources of the first), filtered
    and paged; a page holds ``QUEUE_PAGE`` reports."""
    filters = QueueFilter(request.GET or None)
    reports: Any = filters.filter(
        Report.objects.visible_to(request.user).select_related("region", "meeting")
    )
    page = Paginator(
        reports.order_by(F("event_date").desc(nulls_last=True), "cluster_key", "id"), QUEUE_PAGE
    ).get_page(request.GET.get("page"))
    events: dict[str, list[Report]] = {}
    for report in page.object_list:
        events.setdefault(report.cluster_key, []).append(report)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "news/queue.html",
        {
            "events": list(events.values()),
            "filter": filters,
            "page": page,
            "querystring": query.urlencode(),
            "can_add": _allows(request.user, Action.ADD),
        },
    )


def _allows(user: Any, action: Action) -> bool:
    return Scope.of(user).allows(action)


def _decidable(request: HttpRequest, pk: int) -> Report:
    """The report ``pk`` if the user sees it (else 404) and may decide reports (else 403)."""
    report = get_for_user(Report.objects.all(), request.user, pk)
    if not actions.may_decide(request.user):
        raise PermissionDenied
    return report


def upload(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.ADD)
    if request.method == "POST":
        files = request.FILES.getlist("files")
        items, refused, empty = [], [], []
        for f in files:
            name = f.name or "report.txt"
            if not name.lower().endswith(".txt") or (f.size or 0) > MAX_UPLOAD:
                refused.append(name)
                continue
            content = f.read()
            if not content.strip():
                empty.append(name)
                continue
            items.append((name, content))
        if refused:
            messages.error(request, _("只接受 2 MB 以内的 .txt 报道文件：%(n)s") % {
                "n": "、".join(refused)})
        if empty:
            messages.error(request, _("以下是空文件，未导入：%(n)s") % {"n": "、".join(empty)})
        if items:
            outcome = ingest(items)
            messages.success(request, _("已导入 %(c)d 篇，%(s)d 篇此前已导入。") % {
                "c": len(outcome.created), "s": len(outcome.skipped)})
            return redirect("news:queue")
    return render(request, "news/upload.html", {})


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
            messages.error(request, _("请更正表单中的错误。"))
        else:
            messages.success(request, _("已采用，生成会议活动「%(m)s」。") % {"m": meeting})
            return redirect(meeting)
    else:
        forms = actions.review_forms(report, request.user)
    siblings: Any = report.siblings().restrict(request.user, Action.VIEW)
    return render(request, "news/review.html", {
        "report": report, "forms": forms, "can_decide": can_decide,
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
