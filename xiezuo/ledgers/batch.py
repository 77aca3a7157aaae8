"""Work on the rows ticked in a ledger's list: delete them, or set one column of them.

Both go through the ledger write road (``actions.delete`` / ``actions.write``) with exactly
the rules of one row: the user's scope, the period lock, the versions; all or nothing in one
transaction. A changed row is validated by the ledger's own form, bound to the row's stored
values with the one field changed, as if the person had edited it on its page.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import ProtectedError, RestrictedError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xiezuo.core.listing import MAX_PAGE_SIZE
from xiezuo.core.scoping import Action, require
from xiezuo.ledgers import actions, locks
from xiezuo.ledgers.declare import Ledger
from xiezuo.ledgers.forms import stored_data

#: the most rows one batch takes (a page of the largest page size)
LIMIT = MAX_PAGE_SIZE
PREFIX = "v"


def _ids(request: HttpRequest) -> list[int]:
    """The ticked ids (ASCII digits only), each once, in order."""
    found: list[int] = []
    for raw in request.POST.getlist("ids"):
        if raw.isascii() and raw.isdigit() and int(raw) not in found:
            found.append(int(raw))
    return found


def _back(request: HttpRequest, ledger: type[Ledger]) -> str:
    back = request.POST.get("back", "")
    if back and url_has_allowed_host_and_scheme(back, {request.get_host()}):
        return back
    return reverse(ledger.url_name("list"))


def editable_fields(form: forms.BaseForm) -> dict[str, forms.Field]:
    """The form fields one value may be given to over many rows: not files, not
    many-to-many, not hidden, not personal data (an ID number is one person's)."""
    masked = getattr(getattr(form, "_meta", None), "model", None)
    personal = set(getattr(masked, "audit_masked", ()))
    return {name: f for name, f in form.fields.items()
            if name not in personal and not isinstance(f.widget, forms.HiddenInput)
            and not isinstance(f, forms.FileField | forms.ModelMultipleChoiceField)}


@require_POST
def ledger_batch(request: HttpRequest, ledger: type[Ledger]) -> HttpResponse:
    op = request.POST.get("op", "")
    if op not in {"delete", "edit"}:
        op = "delete"
    action = Action.DELETE if op == "delete" else Action.CHANGE
    require(request.user, action)
    back = _back(request, ledger)
    ids = _ids(request)
    if not ids:
        messages.error(request, _("请先勾选要处理的记录。"))
        return redirect(back)
    if len(ids) > LIMIT:
        messages.error(request, _("一次最多处理 %(n)s 条记录。") % {"n": LIMIT})
        return redirect(back)
    rows = list(ledger.queryset().restrict(request.user, action).filter(pk__in=ids)
                .order_by("pk"))
    if len(rows) != len(ids):
        missing = sorted(set(ids) - {r.pk for r in rows})
        messages.error(request, _("所选记录中有 %(n)s 条（编号 %(ids)s）不存在或不在您可修改的"
                                  "范围内，没有处理任何记录。") % {
            "n": len(missing), "ids": "、".join(str(i) for i in missing[:20])})
        return redirect(back)
    context = {"ledger": ledger, "rows": rows, "back": back, "op": op}
    if op == "delete":
        return _delete(request, ledger, rows, context)
    return _edit(request, ledger, rows, context)


def _lock_errors(rows: list[Any]) -> list[str]:
    index = locks.active_index() or locks.LockIndex.for_places(
        p for row in rows for p in locks.places(row, stored_only=True))
    found = []
    for row in rows:
        lock = locks.row_lock(row, stored_only=True, index=index)
        if lock is not None:
            found.append(_("「%(o)s」（编号 %(pk)s）：%(m)s") % {
                "o": row, "pk": row.pk, "m": lock.message()})
    return found


def _delete(request: HttpRequest, ledger: type[Ledger], rows: list[Any],
            context: dict[str, Any]) -> HttpResponse:
    errors = _lock_errors(rows)
    if not errors and request.POST.get("confirm") == "1":
        try:
            actions.delete(request.user, rows, reason=_("批量删除"))
        except (ValidationError, PermissionDenied) as exc:
            errors = list(getattr(exc, "messages", None) or [str(exc)])
        except (ProtectedError, RestrictedError) as exc:
            linked = "、".join(sorted({str(o._meta.verbose_name) for o in exc.args[1]}))
            errors = [_("有记录还有关联的%(l)s，不能删除；没有删除任何记录。") % {"l": linked}]
        else:
            messages.success(request, _("已删除 %(n)s 条记录。") % {"n": len(rows)})
            return redirect(context["back"])
    return render(request, "ledgers/batch_delete.html", {**context, "errors": errors})


def _edit(request: HttpRequest, ledger: type[Ledger], rows: list[Any],
          context: dict[str, Any]) -> HttpResponse:
    chooser = ledger.form(user=request.user, prefix=PREFIX)
    fields = editable_fields(chooser)
    name = request.POST.get("field", "")
    errors: list[str] = []
    if name in fields and request.POST.get("confirm") == "1":
        errors = _lock_errors(rows) or _apply(request, ledger, rows, name)
        if not errors:
            messages.success(request, _("已修改 %(n)s 条记录的「%(f)s」。") % {
                "n": len(rows), "f": fields[name].label})
            return redirect(context["back"])
        chooser = ledger.form(request.POST, user=request.user, prefix=PREFIX)
    return render(request, "ledgers/batch_edit.html", {
        **context, "fields": [(n, f.label) for n, f in fields.items()],
        "field": name if name in fields else "",
        "value": chooser[name] if name in fields else None, "errors": errors})


def _apply(request: HttpRequest, ledger: type[Ledger], rows: list[Any],
           name: str) -> list[str]:
    """Set ``name`` on every row as the value sent; the errors naming the row and field, or
    none when every row was valid and all were saved together."""
    key = f"{PREFIX}-{name}"
    sent = {k.removeprefix(f"{PREFIX}-"): request.POST.getlist(k) for k in request.POST
            if k == key or k.startswith(key)}
    errors: list[str] = []
    changed = []
    for row in rows:
        form = ledger.form(instance=row, user=request.user)
        data: Any = stored_data(form, row)
        data["seen_version"] = getattr(row, "version", "")
        for k, values in sent.items():
            data[k] = values[-1] if len(values) == 1 else values
        bound = ledger.form(data, instance=row, user=request.user)
        if not bound.is_valid():
            for field, messages_ in bound.errors.items():
                label = bound.fields[field].label if field in bound.fields else _("整条记录")
                errors += [_("「%(o)s」（编号 %(pk)s）的「%(f)s」：%(m)s") % {
                    "o": row, "pk": row.pk, "f": label, "m": m} for m in messages_]
            continue
        changed.append(bound.save(commit=False))
    if errors:
        return errors
    try:
        actions.write(request.user, changed, reason=_("批量修改"),
                      seen={r.pk: r.version for r in changed if getattr(r, "version", None)})
    except (ValidationError, PermissionDenied) as exc:
        return list(getattr(exc, "messages", None) or [str(exc)])
    return []
