from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xiezuo.core.inbox import items_for
from xiezuo.core.listing import paginate
from xiezuo.core.models import ACTION_LABELS, AuditEntry
from xiezuo.core.scoping import Action, Scope
from xiezuo.pairings.models import Pairing

login_free = login_not_required


@login_free
def favicon(request: HttpRequest) -> HttpResponse:
    """/favicon.ico, which a browser asks for on a page without an icon link (the admin's):
    the platform's icon (asked here, not at import: the stored name carries its hash)."""
    from django.http import HttpResponsePermanentRedirect
    from django.templatetags.static import static

    return HttpResponsePermanentRedirect(static("core/favicon.svg"))


def home(request: HttpRequest) -> HttpResponse:
    import datetime as dt

    pairings: Any = Pairing.objects.visible_to(request.user)
    today = dt.date.today()
    active = pairings.active_on(today)
    by_kind = active.values("kind").annotate(n=Count("id")).order_by("-n")
    kinds = dict(Pairing._meta.get_field("kind").choices or [])
    context = {
        "active_count": active.count(),
        "total_count": pairings.count(),
        "by_kind": [{"label": kinds.get(row["kind"], row["kind"]), "n": row["n"]}
                    for row in by_kind],
        "recent": AuditEntry.objects.filter(actor_id=request.user.pk)[:8],
        "today": today,
        "inbox_items": items_for(request.user, today)[:10],
    }
    return render(request, "core/home.html", context)


def may_read_audit(user: Any) -> bool:
    """Who opens the audit log (national and office administrators); the navigation asks
    the same."""
    return Scope.of(user).allows(Action.MANAGE)


def audit_log(request: HttpRequest) -> HttpResponse:
    """Every change, for national administrators; office admins see their own office's."""
    scope = Scope.of(request.user)
    if not may_read_audit(request.user):
        raise PermissionDenied
    entries = AuditEntry.objects.select_related("content_type", "actor")
    if not scope.national:
        entries = entries.filter(actor__office=request.user.office)  # type: ignore[union-attr]
    action = request.GET.get("action", "")
    if action:
        entries = entries.filter(action=action)
    listing = paginate(request, entries, sorts={
        "at": ("at",), "actor": ("actor_label",), "action": ("action",),
        "object": ("object_repr",)})
    actions = list(ACTION_LABELS.items())
    return render(request, "core/audit_log.html", {
        "page": listing.page, "listing": listing, "action": action, "actions": actions,
        "querystring": listing.querystring})


def audit_export(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    """The whole log (or ``since``/``until``, YYYY-MM-DD) as CSV with each entry's position
    and digest, for national administrators; the export is itself audited."""
    import datetime as dt

    from xiezuo.core.export import audit_csv, audit_rows, record_export

    if not Scope.of(request.user).is_national_admin:
        raise PermissionDenied
    try:
        since = dt.date.fromisoformat(request.GET["since"]) if request.GET.get("since") else None
        until = dt.date.fromisoformat(request.GET["until"]) if request.GET.get("until") else None
    except ValueError:
        return HttpResponse(_("日期格式应为 YYYY-MM-DD。"), status=400,
                            content_type="text/plain; charset=utf-8")
    record_export(AuditEntry, str(AuditEntry._meta.verbose_name), request.GET.urlencode(),
                  AuditEntry.objects.count(), False, "csv")

    response = StreamingHttpResponse(audit_csv(audit_rows(since, until)),
                                     content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="audit-log.csv"'
    return response


@require_POST
def search(request: HttpRequest) -> HttpResponse:
    """A list's filters, posted: an ID number or a phone in them is replaced by a keyed token
    kept in the session (``core/personal.py``), and the browser is sent to the list with the
    rest as its query string — so no personal data is ever in a URL, an access log or a
    browser's history."""
    from django.http import QueryDict
    from django.shortcuts import redirect
    from django.utils.http import url_has_allowed_host_and_scheme

    from xiezuo.core.personal import hide_in_session

    target = request.POST.get("target", "/")
    if not target.startswith("/") or not url_has_allowed_host_and_scheme(
            target, {request.get_host()}):
        target = "/"
    query = QueryDict(mutable=True)
    for key, values in request.POST.lists():
        if key in ("csrfmiddlewaretoken", "target"):
            continue
        for value in values:
            if value.strip():
                query.appendlist(key, hide_in_session(request, value))
    return redirect(f"{target}?{query.urlencode()}" if query else target)


def _error(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    context: dict[str, Any] = {"status": status, "title": title, "message": message}
    return render(request, "core/error.html", context, status=status)


@login_not_required
def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 403, _("无权访问"), _("您的账号没有权限查看或操作此内容。"))


@login_not_required
def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 404, _("页面不存在"), _("您访问的页面不存在，或不在您的数据范围内。"))


@login_not_required
def server_error(request: HttpRequest) -> HttpResponse:
    return _error(request, 500, _("服务器错误"), _("处理请求时出错，已记录。请稍后再试。"))
