from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xiezuo.core.inbox import items_for
from xiezuo.core.listing import paginate
from xiezuo.core.scoping import Action, Scope, get_for_user, require
from xiezuo.reporting import actions, rules
from xiezuo.reporting.changes import changes_since
from xiezuo.reporting.forms import DataSetForm, SubmissionFilter
from xiezuo.reporting.ledgers import completeness
from xiezuo.reporting.models import DataSet, Notification, Status, Submission

STEPS: dict[str, Callable[..., Submission]] = {
    "submit": actions.submit, "review": actions.review, "approve": actions.approve,
    "return": actions.return_, "unlock": actions.unlock}
WITH_REASON = {"return", "unlock"}


def inbox(request: HttpRequest) -> HttpResponse:
    return render(request, "reporting/inbox.html", {"items": items_for(request.user)})


def submission_list(request: HttpRequest) -> HttpResponse:
    form = SubmissionFilter(request.GET or None)
    rows: Any = (Submission.objects.visible_to(request.user)
            .select_related("region__parent", "data_set", "submitted_by"))
    today = timezone.localdate()
    if form.is_valid():
        data = form.cleaned_data
        if data["data_set"]:
            rows = rows.filter(data_set=data["data_set"])
        if data["period"]:
            rows = rows.filter(period_start__lte=data["period"], period_end__gte=data["period"])
        if data["status"] == "returned":
            rows = rows.filter(status__in=(Status.DRAFT, Status.SUBMITTED)).exclude(
                return_reason="")
        elif data["status"]:
            rows = rows.filter(status=data["status"])
        if data["region"]:
            rows = rows.filter(region__scope_key__startswith=data["region"].scope_key)
        if data["overdue"]:
            rows = rows.overdue(today)
    listing = paginate(request, rows, sorts=SUBMISSION_SORTS)
    page = listing.page
    user = request.user
    staffed = rules.staffed_prefectures() if any(
        s.status == Status.SUBMITTED for s in page.object_list) else set()
    table = [(s, _bulk_step(user, s, staffed), s.is_overdue(today)) for s in page.object_list]
    return render(request, "reporting/list.html", {
        "filter": form, "page": page, "table": table, "querystring": listing.querystring,
        "listing": listing,
        "bulk_steps": {step for _s, step, _o in table if step}})


#: the columns the list of submissions sorts by
SUBMISSION_SORTS = {"region": ("region__code",), "period": ("period_start",),
                    "data_set": ("data_set__name",), "status": ("status",),
                    "deadline": ("deadline",), "submitted": ("submitted_at",)}


def _bulk_step(user: Any, sub: Submission, staffed: set[int]) -> str:
    if sub.status == Status.SUBMITTED and rules.may_review(user, sub, staffed):
        return "review"
    if sub.status == Status.REVIEWED and rules.may_approve(user, sub):
        return "approve"
    return ""


def bulk(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return redirect("reporting:list")
    step = request.POST.get("step", "")
    if step not in ("review", "approve"):
        raise Http404
    require(request.user, Action.REVIEW if step == "review" else Action.APPROVE)
    ids = [int(i) for i in request.POST.getlist("ids") if i.isascii() and i.isdigit()]
    chosen: list[Submission] = list(Submission.objects.visible_to(request.user).filter(pk__in=ids)
                  .select_related("region__parent", "data_set"))
    for sub in chosen:  # the status each row had when the list was shown
        sub.status = request.POST.get(f"seen_{sub.pk}", sub.status)
    outcomes = actions.bulk(STEPS[step], chosen, request.user)
    done = sum(1 for o in outcomes if o.done)
    messages.info(request, _("已处理 %(d)s 项，未处理 %(r)s 项。") % {
        "d": done, "r": len(outcomes) - done})
    return render(request, "reporting/bulk.html", {"outcomes": outcomes, "step": step})


def submission_detail(request: HttpRequest, pk: int) -> HttpResponse:
    sub = get_for_user(Submission.objects.select_related(
        "region", "data_set", "submitted_by", "reviewed_by", "approved_by", "returned_by"),
        request.user, pk)
    user = request.user
    editable = sub.status == Status.DRAFT and rules.may_submit(user, sub)
    steps: list[tuple[str, str, bool, str]] = []
    if editable:
        steps.append(("submit", _("提交"), False, _(
            "提交后本期报送交市（州）审核，并通知审核员；审核员可以审核通过或退回。")))
    if sub.status == Status.SUBMITTED and rules.may_review(user, sub):
        steps += [("review", _("审核通过"), False, _(
                      "审核通过后报送交省级审批，并通知省级审核员。")),
                  ("return", _("退回县里"), True, _(
                      "退回后报送回到县里的草稿，县里按退回原因修改后重新提交；原因通知县里。"))]
    if sub.status == Status.REVIEWED and rules.may_approve(user, sub):
        steps += [("approve", _("批准"), False, _(
                      "批准后本县本期的数据锁定：涵盖台账中本期、本县的记录不能再修改或删除，"
                      "要改须由省里解锁并写明原因；同时归档本期情况报告。")),
                  ("return", _("退回市（州）"), True, _(
                      "退回后报送回到市（州）重新审核；原因通知市（州）审核员。"))]
    if sub.status == Status.APPROVED and rules.may_approve(user, sub):
        steps.append(("unlock", _("解锁"), True, _(
            "解锁后本期数据不再锁定，报送回到县里的草稿（显示为“已退回”，原因即解锁原因），"
            "县里修改后须重新提交、审核和批准。")))
    counts = completeness(sub)
    return render(request, "reporting/detail.html", {
        "sub": sub, "counts": counts, "steps": steps, "editable": editable,
        "remaining": [c for c in counts if c.owed and not c.count and not c.declared_empty]
        if editable else [],
        "history": sub.history[:100], "overdue": sub.is_overdue(timezone.localdate()),
        "changed": changes_since(sub) if sub.baseline_at else None,
        "findings": _with_explanations(sub, actions.current_findings(sub)),
        "may_explain": sub.status != Status.APPROVED and rules.may_submit(user, sub),
    })


def _with_explanations(sub: Submission, found: list[Any]) -> list[tuple[Any, str]]:
    """Each finding with the county's explanation of it ("" when none): one query."""
    texts = {(e.rule_id, e.record_id): e.text for e in sub.explanations.all()}
    return [(f, texts.get((f.rule_id, f.record_id), "")) for f in found]


@require_POST
def explain(request: HttpRequest, pk: int) -> HttpResponse:
    """The county's explanation of one finding of its month (audited)."""
    sub = get_for_user(Submission.objects.all(), request.user, pk, Action.CHANGE)
    rule = request.POST.get("rule", "")
    rule_id = int(rule) if rule.isascii() and rule.isdigit() else 0  # 0: no such finding
    try:
        actions.explain(sub, request.user, rule_id, request.POST.get("record_id", "")[:64],
                        request.POST.get("text", ""))
    except actions.Refused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("情况说明已保存。"))
    return redirect(f"{reverse('reporting:detail', args=[pk])}#quality-findings")


def submission_step(request: HttpRequest, pk: int) -> HttpResponse:
    sub = get_for_user(Submission.objects.all(), request.user, pk)
    step = request.POST.get("step", "")
    if request.method != "POST" or step not in STEPS:
        raise Http404
    kwargs: dict[str, Any] = {"expected": request.POST.get("status") or sub.status}
    if step in WITH_REASON:
        kwargs["reason"] = request.POST.get("reason", "")
    try:
        STEPS[step](sub, request.user, **kwargs)
    except actions.Refused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已完成：%(s)s") % {"s": sub})
    return redirect("reporting:detail", pk=pk)


def declare(request: HttpRequest, pk: int) -> HttpResponse:
    sub = get_for_user(Submission.objects.all(), request.user, pk, Action.CHANGE)
    if request.method != "POST":
        raise Http404
    try:
        actions.declare_no_data(sub, request.user, request.POST.get("ledger", ""),
                                empty=request.POST.get("empty") == "1")
    except actions.Refused as exc:
        messages.error(request, str(exc))
    return redirect("reporting:detail", pk=pk)


def declare_all(request: HttpRequest, pk: int) -> HttpResponse:
    """Every owed ledger with nothing entered and no declaration, declared empty at once."""
    sub = get_for_user(Submission.objects.all(), request.user, pk, Action.CHANGE)
    if request.method != "POST":
        raise Http404
    try:
        labels = actions.declare_remaining_empty(sub, request.user,
                                                 request.POST.getlist("ledgers"))
    except actions.Refused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已声明 %(n)s 个台账本期无数据。") % {"n": len(labels)})
    return redirect("reporting:detail", pk=pk)


@require_POST
def open_period(request: HttpRequest, data_set: int, start: str) -> HttpResponse:
    """The user's county's submission for a period, made as a draft when first opened (a
    form sent from the inbox: opening writes, so it is never a plain link)."""
    found = get_object_or_404(DataSet, pk=data_set, active=True)
    office = getattr(request.user, "office", None)
    region = getattr(office, "region", None)
    try:
        period = found.period_starting(dt.date.fromisoformat(start))
    except ValueError as exc:
        raise Http404 from exc
    if region is None:
        raise Http404
    existing = Submission.objects.filter(data_set=found, region=region,
                                         period_start=period.start).first()
    if existing is None:
        probe = Submission(data_set=found, region=region, region_key=region.scope_key)
        if not rules.may_submit(request.user, probe):
            raise PermissionDenied
        existing = actions.open_submission(found, region, period)
    return redirect("reporting:detail", pk=existing.pk)


def data_sets(request: HttpRequest) -> HttpResponse:
    scope = Scope.of(request.user)
    return render(request, "reporting/data_sets.html", {
        "data_sets": DataSet.objects.all(),
        "can_manage": scope.national and scope.allows(Action.MANAGE)})


def data_set_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    scope = Scope.of(request.user)
    if not (scope.national and scope.allows(Action.MANAGE)):
        raise PermissionDenied
    obj = get_object_or_404(DataSet, pk=pk) if pk else None
    form = DataSetForm(request.POST or None, instance=obj)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, _("已保存：%(o)s") % {"o": saved})
        return redirect("reporting:data_sets")
    return render(request, "reporting/data_set_form.html", {"form": form, "obj": obj})


def _mine(request: HttpRequest) -> Any:
    """The user's own notifications: nobody reads another's."""
    return Notification.objects.filter(user_id=request.user.pk or 0)


def unread(request: HttpRequest) -> HttpResponse:
    """The top bar's link with the unread count, fetched after the page has loaded so that
    no page pays a query for it."""
    return render(request, "reporting/_unread.html", {"unread": _mine(request).unread().count()})


def notifications(request: HttpRequest) -> HttpResponse:
    rows = _mine(request)
    listing = paginate(request, rows, sorts={"at": ("created_at",)})
    return render(request, "reporting/notifications.html", {
        "page": listing.page, "listing": listing, "querystring": listing.querystring})


def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    if request.method != "POST":
        raise Http404
    note = get_object_or_404(_mine(request), pk=pk)
    if note.read_at is None:
        note.read_at = timezone.now()
        note.save(update_fields=["read_at"])
    target = note.url
    if not target or not url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return redirect("reporting:notifications")
    return redirect(target)


def notifications_read_all(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        raise Http404
    _mine(request).unread().update(
        read_at=timezone.now())
    return redirect("reporting:notifications")


# --- reporting rates (上报率) and reminders -------------------------------------------------

def _rates(request: HttpRequest, query: Any) -> dict[str, Any]:
    """The data set, period, region and counties the rates page (or its reminder) is about."""
    from xiezuo.reporting.forms import RatesFilter
    from xiezuo.reporting.rates import Rates

    form = RatesFilter(query or None)
    today = timezone.localdate()
    data = form.cleaned_data if form.is_valid() else {}
    data_set = data.get("data_set") or DataSet.objects.filter(active=True).order_by(
        "pk").first()
    context: dict[str, Any] = {"filter": form, "data_set": data_set, "today": today}
    if data_set is None:
        return context
    within = data.get("region")
    if within is not None and not Scope.of(request.user).covers_key(within.scope_key):
        raise Http404
    day = data.get("period")
    if day is None:  # the last period whose deadline has passed, else the current one
        period = data_set.period(today)
        if period.deadline(data_set.deadline_day) >= today and period.previous().start.year \
                == today.year:
            period = period.previous()
    else:
        period = data_set.period(day)
    computed = Rates(data_set, period.start.year, within, request.user, today)
    rows = computed.rows(period)
    total, provinces, prefectures = computed.rollup(rows)
    scope = Scope.of(request.user)
    context.update({
        "period": period, "deadline": period.deadline(data_set.deadline_day),
        "within": within, "rows": rows, "total": total, "provinces": provinces,
        "prefectures": prefectures, "trend": computed.trend(),
        "late": [row for row in rows if row.is_late(today)],
        "late_ids": {row.region.pk for row in rows if row.is_late(today)},
        "may_remind": scope.allows(Action.REVIEW) or scope.allows(Action.MANAGE)})
    return context


def rates(request: HttpRequest) -> HttpResponse:
    """Who has not reported: every county owing the period, the rates by prefecture and
    province, and the trend over the year's months."""
    return render(request, "reporting/rates.html", _rates(request, request.GET))


@require_POST
def remind(request: HttpRequest) -> HttpResponse:
    """Remind the late counties of the page's period (the same counties the page listed)."""
    from urllib.parse import urlencode

    scope = Scope.of(request.user)
    if not (scope.allows(Action.REVIEW) or scope.allows(Action.MANAGE)):
        raise PermissionDenied
    context = _rates(request, request.POST)
    if context.get("period") is None:
        raise Http404
    try:
        sent = actions.remind(context["data_set"], context["period"],
                              [row.region for row in context["late"]], request.user)
    except actions.Refused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已向 %(c)s 个县的 %(n)s 名填报人员发送催报通知。") % {
            "c": len(context["late"]), "n": sent})
    query = {k: request.POST.get(k, "") for k in ("data_set", "period", "region")}
    return redirect(f"{reverse('reporting:rates')}?{urlencode(query)}")


# --- data quality rules (数据质量规则) -------------------------------------------------------

def may_edit_rules(user: Any) -> bool:
    """National administrators and the administrators of a province's office."""
    from xiezuo.regions.models import Level

    scope = Scope.of(user)
    if scope.is_national_admin:
        return True
    office = getattr(user, "office", None)
    region = getattr(office, "region", None)
    return scope.allows(Action.MANAGE) and region is not None and region.level == Level.PROVINCE


def quality_rules(request: HttpRequest) -> HttpResponse:
    from xiezuo.reporting.models import QualityRule

    return render(request, "reporting/quality_rules.html", {
        "rules": QualityRule.objects.all(), "may_edit": may_edit_rules(request.user)})


def quality_rule_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """A rule created or changed (audited as every record)."""
    from xiezuo.core.audit import acting_as
    from xiezuo.reporting.forms import QualityRuleForm
    from xiezuo.reporting.models import QualityRule

    if not may_edit_rules(request.user):
        raise PermissionDenied
    obj = get_object_or_404(QualityRule, pk=pk) if pk else None
    form = QualityRuleForm(request.POST or None, instance=obj)
    if request.method == "POST" and form.is_valid():
        with acting_as(request.user):
            saved = form.save()
        messages.success(request, _("已保存：%(o)s") % {"o": saved})
        return redirect("reporting:quality_rules")
    return render(request, "reporting/quality_rule_form.html", {"form": form, "obj": obj})


def _quality_regions(user: Any) -> list[Any]:
    """The regions of the quality page's picker: the counties in the user's scope that report
    and the prefectures and provinces above them that the user sees (two queries)."""
    from xiezuo.regions.models import Level, Region

    counties = list(Region.objects.filter(
        pk__in=Submission.objects.visible_to(user).values("region")).order_by())
    keys = {key for c in counties for key in c.ancestor_keys}
    scope = Scope.of(user)
    above = [r for r in Region.objects.filter(
        scope_key__in=keys, level__in=(Level.PROVINCE, Level.PREFECTURE)).order_by()
        if scope.covers_key(r.scope_key)]
    return sorted({r.pk: r for r in [*above, *counties]}.values(),
                  key=lambda r: (r.scope_key, r.depth))


def quality(request: HttpRequest) -> HttpResponse:
    """The data quality page (数据质量): every finding of every county in scope for a period,
    with its rule, figure, expected range and whether the county explained it; counts by
    county; each finding links to its month."""
    from django.db.models import Count, OuterRef, Q, Subquery

    from xiezuo.reporting.forms import QualityFilter
    from xiezuo.reporting.models import FindingExplanation, QualityFinding

    form = QualityFilter(request.GET or None, regions=_quality_regions(request.user))
    data = form.cleaned_data if form.is_valid() else {}
    day = data.get("period") or (timezone.localdate().replace(day=1) - dt.timedelta(days=1))
    day = day.replace(day=1)
    subs: Any = Submission.objects.visible_to(request.user).filter(
        period_start__lte=day, period_end__gte=day)
    if data.get("region") is not None:
        subs = subs.filter(region__scope_key__startswith=data["region"].scope_key)
    explanation = FindingExplanation.objects.filter(
        submission=OuterRef("submission"), rule=OuterRef("rule"),
        record_id=OuterRef("record_id")).values("text")[:1]
    rows: Any = QualityFinding.objects.filter(submission__in=subs).annotate(
        explanation=Subquery(explanation))
    if data.get("rule") is not None:
        rows = rows.filter(rule=data["rule"])
    if data.get("explained") == "yes":
        rows = rows.filter(explanation__isnull=False)
    elif data.get("explained") == "no":
        rows = rows.filter(explanation__isnull=True)
    counts = (rows.order_by().values("submission", "submission__region__name",
                                     "submission__data_set__name")
              .annotate(total=Count("id"),
                        explained=Count("id", filter=Q(explanation__isnull=False)),
                        unexplained=Count("id", filter=Q(explanation__isnull=True)))
              .order_by("submission__region__code", "submission"))
    listing = paginate(request, rows.select_related("rule", "submission__region",
                                                    "submission__data_set"),
                       default=("submission__region__code", "rule__name", "id"), size=100)
    return render(request, "reporting/quality.html", {
        "filter": form, "month": day, "counts": counts, "page": listing.page,
        "listing": listing, "querystring": listing.querystring})
