"""Pages: upload an office's table, see it read as the office laid it out beside the
suggested mapping, correct, preview, confirm."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xiezuo.core.scoping import Action, get_for_user, require
from xiezuo.sheets import actions, page
from xiezuo.sheets.forms import UploadForm, constants_form
from xiezuo.sheets.models import SavedMapping, SheetUpload
from xiezuo.transfer.spec import Importable, get_importable
from xiezuo.transfer.workbook import FileRefused, check_size


def _importable(user: Any, key: str) -> type[Importable]:
    try:
        importable = get_importable(key)
    except LookupError as exc:
        raise PermissionDenied from exc
    require(user, importable.action)
    if not importable.permitted(user):
        raise PermissionDenied
    return importable


def _upload(request: HttpRequest, pk: int) -> SheetUpload:
    upload = get_object_or_404(SheetUpload.objects.of(request.user), pk=pk)
    _importable(request.user, upload.ledger)
    return upload


def start(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.ADD)
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user,
                      initial={"ledger": request.GET.get("ledger", "")})
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        try:
            _importable(request.user, form.cleaned_data["ledger"])
            check_size(file.size or 0, file.name or "")
            upload = actions.create_upload(request.user, form.cleaned_data["ledger"], file)
        except FileRefused as exc:
            form.add_error("file", str(exc))
        else:
            if upload.offered_id:
                messages.info(request, _("已沿用本单位上次为同样表格确认的对应关系，请核对。"))
            return redirect(upload)
    office = getattr(request.user, "office", None)
    return render(request, "sheets/start.html", {
        "form": form, "limit_mb": settings.IMPORT_MAX_BYTES // 1_048_576,
        "recent": SheetUpload.objects.of(request.user)[:10],
        "saved": SavedMapping.objects.restrict(request.user, Action.VIEW).filter(
            office=office).order_by("-updated_at")[:20] if office else []})


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    upload = _upload(request, pk)
    try:
        reading = actions.reading_of(upload, request.user)
    except FileRefused as exc:
        return render(request, "sheets/refused.html", {"upload": upload, "message": str(exc)})
    form = None
    if request.method == "POST":
        if upload.confirmed_at:
            messages.error(request, _("该表格已确认导入，不能再修改；如需重新导入请重新上传。"))
            return redirect(upload)
        actions.correct(upload, reading, request.POST)
        reading = actions.reading_of(upload, request.user)
        if request.POST.get("action") == "preview":
            form, job = actions.preview(upload, reading, request.user)
            if job is not None:
                return redirect(upload)
        else:
            return redirect(upload)
    if form is None:
        form = constants_form(reading.importable, request.user, set(reading.mapping.values()),
                              data=actions.as_querydict(upload.constants) if upload.constants
                              else None, strict=False, initial=_initial(request.user, reading))
        if upload.constants:
            form.is_valid()  # show what was typed, errors of a bad value included
    return render(request, "sheets/detail.html", page.context(upload, reading, form))


def _initial(user: Any, reading: Any) -> dict[str, Any]:
    """What the constants start from: a county office's tables are about its county, and
    a title naming one year (北塔区2020年第一批…安排表) gives the year."""
    initial: dict[str, Any] = {}
    office = getattr(user, "office", None)
    region = getattr(office, "region", None)
    if region is not None and region.level == "county":
        initial["region"] = region
    year = reading.layout.title_year()
    if year:
        initial["year"] = year
    return initial


@require_POST
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    upload = _upload(request, pk)
    try:
        reading = actions.reading_of(upload, request.user)
    except FileRefused as exc:  # the file cannot be read (any more): said, not a crash
        return render(request, "sheets/refused.html", {"upload": upload, "message": str(exc)})
    job = upload.job
    if job is None or upload.confirmed_at or str(job.pk) != request.POST.get("job") \
            or not page.can_confirm(job):
        messages.error(request, _("只能确认预览无误的导入；表格或对应关系改过后请重新预览。"))
        return redirect(upload)
    job = actions.confirm(upload, reading, request.user)
    if job.status == "done":
        messages.success(request, _("已导入：新增 %(n)s 条，修改 %(c)s 条。") % {
            "n": job.new, "c": job.changed})
    return redirect(upload)


@require_POST
def forget(request: HttpRequest, pk: int) -> HttpResponse:
    saved = get_for_user(SavedMapping.objects.all(), request.user, pk, Action.CHANGE)
    actions.forget(saved, request.user)
    messages.success(request, _("已删除保存的对应关系。"))
    return redirect("sheets:start")
