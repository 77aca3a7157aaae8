"""The views every ledger gets from its declaration (see declare.py)."""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import localize
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from xiezuo.core.attachments import check_upload
from xiezuo.core.dbrouter import reads_from_replica
from xiezuo.core.export import record_export
from xiezuo.core.listing import paginate
from xiezuo.core.models import Attachment, AttachmentKind
from xiezuo.core.money import Unit, format_amount
from xiezuo.core.personal import may_see_personal_data
from xiezuo.core.scoping import Action, Scope, get_for_user, require
from xiezuo.core.templatetags.xiezuo import cell
from xiezuo.ledgers import actions, export, inlines, listcache, locks
from xiezuo.ledgers.declare import Ledger


def filtered(ledger: type[Ledger], user: Any, params: Any,
             request: HttpRequest | None = None) -> tuple[Any, Any]:
    """The filter set and the rows of a ledger list as ``user`` filtered it (``params``: the
    list's query string; ``request``: the page's, whose session keeps a personal search),
    through the one scoping."""
    qs = ledger.queryset().restrict(user, Action.VIEW)
    filterset = ledger.filterset(params or None, queryset=qs, user=user, request=request)
    return filterset, filterset.qs.order_by(*ledger.ordering)


def _filtered(request: HttpRequest, ledger: type[Ledger]) -> tuple[Any, Any]:
    return filtered(ledger, request.user, request.GET, request)


@dataclass(frozen=True)
class BandFormat:
    """How a figure of the band above a list is shown (what the template asks of its
    column), kept with the figure in the cache."""

    is_money: bool = False
    money_unit: str = ""

    @classmethod
    def of(cls, column: Any) -> BandFormat:
        return cls(bool(getattr(column, "is_money", False)),
                   str(getattr(column, "money_unit", "") or ""))


def list_figures(ledger: type[Ledger], rows: Any) -> tuple[int, dict[str, Any], list[Any]]:
    """The row count, the footer's totals and the band of a list's ``rows``: each a scan of
    every row in scope, so kept in the shared cache until the ledger's next write
    (``listcache``)."""
    def count() -> tuple[int, dict[str, Any], list[Any]]:
        # labels as text of the page's language (the key's): a lazy one is costly to unpickle
        band = [(str(label), value, BandFormat.of(c)) for label, value, c in ledger.summary(rows)]
        return rows.count(), ledger.totals(rows), band

    found: tuple[int, dict[str, Any], list[Any]] = listcache.figures(
        ledger.model, rows, "page", count, dated=ledger.dated_figures)
    return found


class Cells(list[tuple[Any, Any]]):
    """A list row's (column, value) pairs, and their ``<td>`` cells as HTML (after the row's
    check box when the list has one)."""

    html: str = ""


def _escape(text: Any) -> str:
    """``conditional_escape`` for a cell's text, without its lazy-aware wrapper (a thousand
    calls a page)."""
    return text.__html__() if hasattr(text, "__html__") else html.escape(str(text))


class _CellWriter:
    """Writes a list's rows as the list's template would render each cell (``money`` tag,
    ``cell`` filter, the template's escaping and localisation), in Python: the template's
    per-cell tags were most of a list page's time. Made once a page: each column's opening
    tag, and every date already written (rows share their dates)."""

    def __init__(self, columns: list[Any], unit: str, check: bool = False) -> None:
        self.unit = unit
        self.opening = [f'<td class="{_escape(c.css)}">' for c in columns]
        self.dates: dict[dt.date, str] = {}
        #: the check box of a list that acts on the rows checked
        self.check = _escape(_("选择")) if check else None

    def text(self, c: Any, value: Any) -> str:
        if c.is_money:
            return format_amount(value, c.money_unit or self.unit, with_unit=False)
        if type(value) is dt.date:
            found = self.dates.get(value)
            if found is None:
                found = self.dates[value] = _escape(str(localize(cell(value))))
            return found
        return _escape(str(localize(cell(value))))

    def row(self, cells: list[tuple[Any, Any]], url: str, pk: int) -> str:
        link = _escape(url)
        parts = []
        if self.check is not None:
            parts.append(f'<td class="check"><input type="checkbox" name="ids" value="{pk}" '
                         f'aria-label="{self.check} {pk}"></td>')
        for opening, (c, value) in zip(self.opening, cells, strict=True):
            text = self.text(c, value)
            if c.link:
                text = f'<a href="{link}">{text}</a>'
            parts.append(f"{opening}{text}</td>")
        return mark_safe("".join(parts))  # every part escaped above


def ledger_list(request: HttpRequest, ledger: type[Ledger]) -> HttpResponse:
    filterset, rows = _filtered(request, ledger)
    count, totals, summary = list_figures(ledger, rows)
    listing = paginate(request, rows, sorts=ledger.sorts(), size=ledger.page_size, count=count)
    page = listing.page
    columns = [c for c in ledger.columns if c.in_list]
    personal_ok = may_see_personal_data(request.user)
    # the detail page's address: reversed once, not once a row (reverse() was the hot spot)
    detail = reverse(ledger.url_name("detail"), args=[0]).removesuffix("0/")
    scope = Scope.of(request.user)
    can_bulk = scope.allows(Action.CHANGE) or scope.allows(Action.DELETE)
    writer = _CellWriter(columns, getattr(request.user, "money_unit", "") or Unit.WAN,
                         check=can_bulk)
    language = get_language()
    table = []
    for obj in page.object_list:
        url = f"{detail}{obj.pk}/"
        cells = Cells((c, c.shown(obj, personal_ok, language)) for c in columns)
        cells.html = writer.row(cells, url, obj.pk)
        table.append((obj, url, cells))
    context = {
        "ledger": ledger, "filter": filterset, "page": page, "table": table,
        "listing": listing,
        "columns": [(c, c.header(ledger.model), totals.get(c.path)) for c in columns],
        "has_totals": bool(totals), "querystring": listing.querystring,
        "summary": summary,
        "can_add": scope.allows(Action.ADD),
        "can_bulk": can_bulk,
    }
    return render(request, ledger.list_template, context)


def ledger_detail(request: HttpRequest, ledger: type[Ledger], pk: int) -> HttpResponse:
    obj = get_for_user(ledger.queryset(), request.user, pk)
    scope = Scope.of(request.user)
    sections = ledger.sections or []
    ok = may_see_personal_data(request.user)
    context = {
        "ledger": ledger, "obj": obj, "tab": request.GET.get("tab", "detail"),
        "fields": [(c.header(ledger.model), c.shown(obj, ok), c) for c in ledger.columns],
        "sections": [(s.title, [(_label(ledger, f), _value(ledger, obj, f, ok))
                                for f in s.fields]) for s in sections],
        "inline_tables": [(i, i.headers(), i.table(obj)) for i in ledger.inlines],
        "history": obj.history[:200],
        "attachments": Attachment.for_object(obj).select_related("created_by")
        if ledger.attachments else [],
        "attachment_kinds": AttachmentKind.choices,
        "can_change": scope.allows(Action.CHANGE) and scope.covers(obj, Action.CHANGE),
        **ledger.detail_context(request, obj),
    }
    return render(request, ledger.detail_template, context)


def _label(ledger: type[Ledger], path: str) -> str:
    for c in ledger.columns:
        if c.path == path:
            return c.header(ledger.model)
    from xiezuo.ledgers.declare import Column

    return Column(path).header(ledger.model)


def _value(ledger: type[Ledger], obj: Any, path: str, personal_ok: bool = False) -> Any:
    from xiezuo.ledgers.declare import Column

    masked = path in getattr(ledger.model, "audit_masked", ())
    column = next((c for c in ledger.columns if c.path == path),
                  Column(path, personal=masked))
    return column, column.shown(obj, personal_ok)


def ledger_edit(request: HttpRequest, ledger: type[Ledger], pk: int | None = None) -> HttpResponse:
    if pk is None:
        require(request.user, Action.ADD)
        obj = ledger.model()
    else:
        obj = get_for_user(ledger.queryset(), request.user, pk, Action.CHANGE)
        if not Scope.of(request.user).covers(obj, Action.CHANGE):
            raise PermissionDenied
    # "new" links may preset fields, and say where to go back to (?next=)
    initial = {k: v for k, v in request.GET.items() if k != "next"} if pk is None else None
    back = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}):
        back = ""
    form = ledger.form(request.POST or None, request.FILES or None, instance=obj,
                       user=request.user, initial=initial)
    rows = inlines.formsets(ledger.inlines, request.POST or None, request.FILES or None, obj)
    valid = request.method == "POST" and form.is_valid()
    stale: list[Any] = []
    if request.method == "POST":  # child rows are checked even when the record is not
        valid = inlines.is_valid(rows, form.instance) and valid
    if valid:
        try:
            with transaction.atomic():
                saved = actions.save(request.user, form.save(commit=False),
                                     seen=form.cleaned_data.get("seen_version"))
                form.save_m2m()
                inlines.save(rows, saved, request.user)
        except actions.Stale as exc:  # someone saved the row after this form was opened
            form.add_error(None, exc)
            stale = exc.entries()
        except ValidationError as exc:  # a rule checked again under lock at save time
            form.add_error(None, exc)
        else:
            messages.success(request, _("已保存：%(o)s") % {"o": saved})
            return redirect(back) if back else redirect(ledger.url_name("detail"), pk=saved.pk)
    return render(request, "ledgers/form.html",
                  {"ledger": ledger, "form": form, "obj": obj, "next": back, "inlines": rows,
                   "stale": stale})


def ledger_delete(request: HttpRequest, ledger: type[Ledger], pk: int) -> HttpResponse:
    obj = get_for_user(ledger.queryset(), request.user, pk, Action.DELETE)
    if not Scope.of(request.user).covers(obj, Action.DELETE):
        raise PermissionDenied
    lock = locks.row_lock(obj, stored_only=True)
    if lock is not None:
        messages.error(request, lock.message())
        return redirect(ledger.url_name("detail"), pk=pk)
    if request.method == "POST":
        label = str(obj)
        try:
            actions.delete(request.user, [obj])
        except ValidationError as exc:  # locked in the meantime
            messages.error(request, " ".join(exc.messages))
            return redirect(ledger.url_name("detail"), pk=pk)
        except (ProtectedError, RestrictedError) as exc:
            linked = "、".join(sorted({str(o._meta.verbose_name) for o in exc.args[1]}))
            messages.error(request, _("「%(o)s」还有关联的%(l)s，不能删除。") % {
                "o": label, "l": linked})
            return redirect(ledger.url_name("detail"), pk=pk)
        messages.success(request, _("已删除：%(o)s") % {"o": label})
        return redirect(ledger.url_name("list"))
    return render(request, "ledgers/delete.html", {"ledger": ledger, "obj": obj})


@reads_from_replica
def ledger_export(request: HttpRequest, ledger: type[Ledger], fmt: str) -> HttpResponseBase:
    if fmt not in {"csv", "xlsx"}:
        raise Http404
    _filterset, rows = _filtered(request, ledger)
    count = rows.count()
    if count > settings.EXPORT_INLINE_ROWS and _exports_as_job(ledger):
        # too long to write while the page waits: the background export (a job with a
        # progress bar and a download link) of the same filtered list
        url = reverse("transfer:export", args=[ledger.transfer_key(), fmt])
        return redirect(f"{url}?{request.GET.urlencode()}")
    unit = getattr(request.user, "money_unit", "wan")
    filename = f"{ledger.model._meta.model_name}"
    personal_ok = may_see_personal_data(request.user)
    record_export(ledger.model, ledger.verbose_name(), request.GET.urlencode(), count,
                  personal_ok and _has_personal(ledger), fmt)
    if fmt == "csv":
        response = StreamingHttpResponse(export.csv_rows(ledger, rows, unit, personal_ok),
                                         content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        return response
    handle = export.xlsx_file(ledger, rows, unit, personal_ok)
    return FileResponse(handle, as_attachment=True, filename=f"{filename}.xlsx")


def _exports_as_job(ledger: type[Ledger]) -> bool:
    from xiezuo.transfer.spec import get_importable

    try:
        return getattr(get_importable(ledger.transfer_key()), "ledger", None) is ledger
    except LookupError:
        return False


def _has_personal(ledger: type[Ledger]) -> bool:
    return any(c.personal for c in ledger.columns)


def attachment_upload(request: HttpRequest, ledger: type[Ledger], pk: int) -> HttpResponse:
    obj = get_for_user(ledger.queryset(), request.user, pk, Action.CHANGE)
    if request.method != "POST" or not Scope.of(request.user).covers(obj, Action.CHANGE):
        raise PermissionDenied
    upload = request.FILES.get("file")
    detail = reverse(ledger.url_name("detail"), args=[pk]) + "?tab=files"
    if upload is None:
        messages.error(request, _("请选择要上传的文件。"))
        return redirect(detail)
    try:
        check_upload(upload)
    except ValueError as exc:
        messages.error(request, str(exc))
        return redirect(detail)
    kind = request.POST.get("kind", AttachmentKind.DOCUMENT)
    if kind not in AttachmentKind.values:
        kind = AttachmentKind.DOCUMENT
    try:
        actions.attach(request.user, obj, upload, kind=kind,
                       title=request.POST.get("title", ""))
    except ValidationError as exc:  # a locked period keeps its evidence as approved
        messages.error(request, " ".join(exc.messages))
        return redirect(detail)
    messages.success(request, _("已上传：%(n)s") % {"n": upload.name})
    return redirect(detail)

def _attachment(request: HttpRequest, ledger: type[Ledger], pk: int, attachment_pk: int,
                action: Action) -> tuple[Any, Attachment]:
    obj = get_for_user(ledger.queryset(), request.user, pk, action)
    attachment = Attachment.for_object(obj).filter(pk=attachment_pk).first()
    if attachment is None:
        raise Http404
    return obj, attachment


def attachment_download(request: HttpRequest, ledger: type[Ledger], pk: int,
                        attachment_pk: int) -> FileResponse:
    _obj, attachment = _attachment(request, ledger, pk, attachment_pk, Action.VIEW)
    return attachment.download()


def attachment_delete(request: HttpRequest, ledger: type[Ledger], pk: int,
                      attachment_pk: int) -> HttpResponse:
    obj, attachment = _attachment(request, ledger, pk, attachment_pk, Action.CHANGE)
    if request.method != "POST" or not Scope.of(request.user).covers(obj, Action.CHANGE):
        raise PermissionDenied
    detail = reverse(ledger.url_name("detail"), args=[pk]) + "?tab=files"
    try:
        actions.detach(request.user, obj, attachment)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(detail)
