from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xiezuo.core.listing import paginate
from xiezuo.core.models import Attachment
from xiezuo.core.scoping import Scope
from xiezuo.notices import actions
from xiezuo.notices.forms import NoticeForm
from xiezuo.notices.models import Notice, NoticeRead, NoticeRecipient


def notice_list(request: HttpRequest) -> HttpResponse:
    """The notices of the user's office: received (unread first marked) and sent."""
    user = request.user
    rows = Notice.objects.for_user(user).select_related("office")
    listing = paginate(request, rows, size=30, sorts={
        "title": ("title",), "office": ("office__name",), "published": ("published_at",),
        "deadline": ("deadline",)})
    page = listing.page
    unread = set(Notice.objects.unread_by(user).filter(
        pk__in=[n.pk for n in page.object_list]).values_list("pk", flat=True))
    return render(request, "notices/list.html", {
        "page": page, "listing": listing, "unread": unread,
        "querystring": listing.querystring,
        "may_publish": actions.may_publish(user)})


def notice_create(request: HttpRequest) -> HttpResponse:
    if not actions.may_publish(request.user):
        raise PermissionDenied
    offices = actions.addressable(request.user)
    form = NoticeForm(request.POST if request.method == "POST" else None,
                      request.FILES if request.method == "POST" else None, offices)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        notice = actions.publish(request.user, title=data["title"], body=data["body"],
                                 deadline=data["deadline"], offices=list(data["offices"]),
                                 files=data["attachments"])
        messages.success(request, _("已发布通知：%(t)s") % {"t": notice.title})
        return redirect("notices:detail", pk=notice.pk)
    return render(request, "notices/form.html", {"form": form})


def _visible(request: HttpRequest, pk: int) -> Notice:
    return get_object_or_404(Notice.objects.for_user(request.user).select_related("office"),
                             pk=pk)


def notice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The notice; for its recipients a button to say they have read it; for its sending
    office (and national administrators) who of each addressed office has read it."""
    notice = _visible(request, pk)
    user: Any = request.user
    recipient = NoticeRecipient.objects.filter(notice=notice, office_id=user.office_id).exists()
    read = NoticeRead.objects.filter(notice=notice, user=user).first()
    readers: list[tuple[Any, list[NoticeRead]]] | None = None
    if notice.office_id == user.office_id or Scope.of(user).is_national_admin:
        reads: dict[int, list[NoticeRead]] = {}
        for r in NoticeRead.objects.filter(notice=notice).select_related("user").order_by(
                "read_at"):
            reads.setdefault(r.user.office_id or 0, []).append(r)
        readers = [(rec.office, reads.get(rec.office_id, [])) for rec in
                   notice.recipients.select_related("office").order_by("office__name")]
    return render(request, "notices/detail.html", {
        "notice": notice, "recipient": recipient, "read": read, "readers": readers,
        "read_count": sum(1 for _o, r in readers or [] if r),
        "attachments": Attachment.for_object(notice)})


@require_POST
def notice_read(request: HttpRequest, pk: int) -> HttpResponse:
    notice = _visible(request, pk)
    actions.mark_read(notice, request.user)
    return redirect("notices:detail", pk=pk)


def notice_attachment(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    notice = _visible(request, pk)
    attachment = Attachment.for_object(notice).filter(pk=attachment_pk).first()
    if attachment is None:
        raise Http404
    return attachment.download()
