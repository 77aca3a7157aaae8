"""Writing ledgers through the API: the page's form validates, the ledger write action writes.

For every declared ledger, under ``/api/v1/ledgers/<slug>/``:

- ``POST`` creates a record; ``PUT <id>`` replaces one, ``PATCH <id>`` changes the fields it
  names; ``DELETE <id>`` deletes one; ``POST bulk`` creates a list of records, all or none.
- The body is a JSON object of the ledger form's fields: amounts in yuan (a number or a
  decimal string), days as ``YYYY-MM-DD``, choices by their key, places by code or name,
  related records by their number.
- The same form as the page validates (errors per field, HTTP 400), the same scoping applies
  (another county's record: 404), the same lock (a record of an approved month: 409, with the
  reason), and the write goes through ``ledgers.actions`` on behalf of the token's user.
- Versions: every record answers with its ``version`` and an ``ETag``; a change sent with
  ``If-Match`` (or a ``version`` in the body) made from an older version is refused (412 or
  409) with what changed since.
- ``Idempotency-Key``: a retried create (the same key and body from the same token) creates
  nothing twice and answers what the first attempt answered.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import ProtectedError, RestrictedError
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Router
from pydantic import Field, create_model

from xiezuo.api.models import ApiToken, IdempotentRequest
from xiezuo.core.personal import may_see_personal_data
from xiezuo.core.scoping import Action, Scope
from xiezuo.ledgers import actions
from xiezuo.ledgers.declare import Ledger
from xiezuo.ledgers.forms import LedgerForm, RecordChoiceField, encode, stored_data
from xiezuo.regions.forms import RegionField

#: the most records one bulk request may create
MAX_BULK = 1000
#: how long a used Idempotency-Key is remembered
KEY_DAYS = 7
Row = Callable[[type[Ledger], Any, bool], dict[str, Any]]


class Refused(Exception):
    """An answer other than success: the status and the JSON body."""

    def __init__(self, status: int, body: dict[str, Any]) -> None:
        super().__init__(status)
        self.status, self.body = status, body


# --- bodies into form data -------------------------------------------------------------


def _blank(form: forms.ModelForm) -> dict[str, Any]:
    """The form's data for a new record: what a field of the body leaves out takes the
    record's default (a box that starts ticked stays ticked), else stays empty."""
    data = stored_data(form, form.instance)
    for name, field in form.fields.items():
        if name not in data and not isinstance(field.widget, forms.HiddenInput):
            encode(data, name, field, None)
    return data


def _value(name: str, field: forms.Field, value: Any) -> Any:
    """One JSON value as the form takes it; amounts are in yuan."""
    if isinstance(field.widget, forms.MultiWidget):
        if value in (None, ""):
            return None
        if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
            raise Refused(400, _body({name: [
                _("请以元为单位填写数字，如 1500000 或 \"1500000.50\"。")]}))
        try:
            return Decimal(str(value))
        except ArithmeticError as exc:
            raise Refused(400, _body({name: [_("「%(v)s」不是数字。") % {"v": value}]})) \
                from exc
    if isinstance(value, dict | list):
        raise Refused(400, _body({name: [_("此字段应为单个值。")]}))
    if isinstance(field.widget, forms.CheckboxInput):
        return value
    # as a page sends it: text (the form's fields parse text, not JSON's numbers and yes/no)
    return "" if value is None else str(value).lower() if isinstance(value, bool) else str(value)


def form_data(form: LedgerForm, body: Any, base: dict[str, Any]) -> dict[str, Any]:
    """``base`` with the body's fields put in the way the page sends them; a field the body
    names that the form does not have (for this user) is refused by name."""
    if not isinstance(body, dict):
        raise Refused(400, {"detail": _("请求体应为 JSON 对象。")})
    fields = {n: f for n, f in form.fields.items() if not isinstance(f.widget, forms.HiddenInput)}
    unknown = sorted(set(body) - set(fields) - {"version", "id"})
    if unknown:
        raise Refused(400, _body({name: [_("没有这个字段，或您的单位不能填写它。")]
                                  for name in unknown}))
    data = dict(base)
    for name, value in body.items():
        if name in fields:
            encode(data, name, fields[name], _value(name, fields[name], value))
    return data


def _body(errors: dict[str, list[Any]]) -> dict[str, Any]:
    return {"detail": _("数据有误，没有保存。"),
            "errors": {k: [str(m) for m in v] for k, v in errors.items()}}


def _errors(form: forms.Form) -> dict[str, list[str]]:
    return {("__all__" if name == "__all__" else name): [str(m) for m in messages]
            for name, messages in form.errors.items()}


# --- the write itself --------------------------------------------------------------------


def _refusal(exc: Exception) -> Refused:
    if isinstance(exc, actions.Stale):
        return Refused(409, {"detail": exc.messages[0], "code": "stale",
                             "version": exc.stored, "changes": _changes(exc)})
    if isinstance(exc, PermissionDenied):
        return Refused(403, {"detail": str(exc) or _("您的角色不能进行此操作。")})
    if isinstance(exc, ProtectedError | RestrictedError):
        linked = "、".join(sorted({str(o._meta.verbose_name) for o in exc.args[1]}))
        return Refused(409, {"detail": _("还有关联的%(l)s，不能删除。") % {"l": linked},
                             "code": "protected"})
    assert isinstance(exc, ValidationError)
    codes = {getattr(e, "code", None) for e in exc.error_list} if hasattr(exc, "error_list") \
        else set()
    if "locked" in codes:
        return Refused(409, {"detail": " ".join(exc.messages), "code": "locked"})
    if hasattr(exc, "error_dict"):
        return Refused(400, _body(exc.message_dict))
    return Refused(400, _body({"__all__": exc.messages}))


def _changes(exc: actions.Stale) -> list[dict[str, Any]]:
    return [{"at": timezone.localtime(e.at).isoformat(), "by": e.actor_label,
             "fields": {f: {"before": b, "after": a} for f, b, a in e.change_rows}}
            for e in exc.entries()]


def _reason(request: HttpRequest) -> str:
    token = getattr(request, "auth", None)
    prefix = token.prefix if isinstance(token, ApiToken) else ""
    return _("接口写入（令牌 %(p)s…）") % {"p": prefix}


def _validated(ledger: type[Ledger], request: HttpRequest, body: Any,
               instance: models.Model | None, partial: bool) -> Any:
    user = request.user
    probe = ledger.form(instance=instance or ledger.model(), user=user)
    if instance is not None and partial:  # PATCH: the record as stored, then the body
        base = stored_data(probe, instance)
    else:  # POST and PUT: a new record's defaults, then the body
        base = _blank(ledger.form(instance=ledger.model(), user=user))
    data = form_data(probe, body, base)
    form = ledger.form(data, instance=instance or ledger.model(), user=user)
    if not form.is_valid():
        locked = [e for errors in form.errors.as_data().values() for e in errors
                  if e.code == "locked"]
        if locked:  # a record of an approved month: not the data's fault
            raise Refused(409, {"detail": " ".join(locked[0].messages), "code": "locked"})
        raise Refused(400, _body(_errors(form)))
    return form


def _seen(request: HttpRequest, body: Any, obj: Any) -> int | None:
    """The version the client changed: ``If-Match`` (412 when it is not the stored one), or
    the body's ``version``."""
    match = request.headers.get("If-Match", "").strip()
    if match and match != "*":
        try:
            wanted = int(match.strip('W/"'))
        except ValueError:
            wanted = -1
        if wanted != obj.version:
            raise Refused(412, {"detail": _("记录已是第 %(v)s 版，与 If-Match 不符。") % {
                "v": obj.version}, "code": "stale", "version": obj.version})
        return wanted
    version = body.get("version") if isinstance(body, dict) else None
    return version if isinstance(version, int) and not isinstance(version, bool) else None


def _json(status: int, body: Any, obj: Any = None) -> JsonResponse:
    response = JsonResponse(body, status=status, safe=False,
                            json_dumps_params={"ensure_ascii": False})
    if obj is not None:
        response["ETag"] = f'"{obj.version}"'
    return response


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


def _parse(request: HttpRequest) -> Any:
    try:
        body = json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError) as exc:
        raise Refused(400, {"detail": _("请求体不是有效的 JSON。")}) from exc
    if _has_nul(body):  # no field holds one, and PostgreSQL can neither store nor compare it
        raise Refused(400, {"detail": _("请求体含有空字符（NUL）。")})
    return body


# --- Idempotency-Key ----------------------------------------------------------------------


def _remembered(request: HttpRequest, write: Callable[[], JsonResponse]) -> JsonResponse:
    """Run ``write`` once per Idempotency-Key: a retry answers what the first attempt did."""
    key = request.headers.get("Idempotency-Key", "").strip()
    token = getattr(request, "auth", None)
    if not key or not isinstance(token, ApiToken):
        return write()
    if len(key) > 100:
        return _json(400, {"detail": _("Idempotency-Key 不能超过 100 个字符。")})
    digest = hashlib.sha256((request.method or "").encode() + request.path.encode()
                            + (request.body or b"")).hexdigest()

    def replay(found: IdempotentRequest) -> JsonResponse:
        if found.digest != digest:
            return _json(422, {"detail": _("这个 Idempotency-Key 已用于另一个请求。"),
                               "code": "idempotency_key_reused"})
        response = _json(found.status, found.body)
        if found.etag:
            response["ETag"] = found.etag
        response["Idempotent-Replayed"] = "true"
        return response

    found = IdempotentRequest.objects.filter(token=token, key=key).first()
    if found is not None:
        return replay(found)
    try:
        with transaction.atomic():
            response = write()
            if response.status_code < 300:  # what was written is remembered with it
                IdempotentRequest.objects.create(
                    token=token, key=key, digest=digest, status=response.status_code,
                    body=json.loads(response.content or b"null"),
                    etag=response.get("ETag", ""))
                IdempotentRequest.objects.filter(
                    token=token, created_at__lt=timezone.now() - dt.timedelta(days=KEY_DAYS)
                ).delete()
    except IntegrityError:  # the same key at the same moment: the first one answers
        found = IdempotentRequest.objects.filter(token=token, key=key).first()
        if found is None:
            raise
        return replay(found)
    return response


# --- endpoints ----------------------------------------------------------------------------


def register(router: Router, ledger: type[Ledger], name: str, row: Row,
             scoped: Callable[[HttpRequest, Action], Any], row_schema: Any) -> None:
    """The write endpoints of one ledger on ``router`` (the read ones are in ``api.py``)."""
    op = name.replace("-", "_")
    title = ledger.model._meta.verbose_name
    body_schema = input_schema(ledger, name)

    def out(request: HttpRequest, obj: Any) -> dict[str, Any]:
        return row(ledger, obj, may_see_personal_data(request.user))

    def answer(call: Callable[[], JsonResponse]) -> JsonResponse:
        try:
            return call()
        except Refused as exc:
            return _json(exc.status, exc.body)

    def stored(request: HttpRequest, pk: int, action: Action) -> Any:
        obj = scoped(request, Action.VIEW).filter(pk=pk).first()
        if obj is None:
            raise Refused(404, {"detail": _("没有这条记录，或不在您的数据范围内。")})
        scope = Scope.of(request.user)
        if not scope.allows(action) or not scope.covers(obj, action):
            raise Refused(403, {"detail": _("您的角色不能进行此操作。")})
        return obj

    def create(request: HttpRequest) -> JsonResponse:
        def write() -> JsonResponse:
            if not Scope.of(request.user).allows(Action.ADD):
                raise Refused(403, {"detail": _("您的角色不能新增记录。")})
            form = _validated(ledger, request, _parse(request), None, partial=False)
            try:
                with transaction.atomic():
                    obj = actions.save(request.user, form.save(commit=False),
                                       reason=_reason(request))
                    form.save_m2m()
            except (ValidationError, PermissionDenied) as exc:
                raise _refusal(exc) from exc
            response = _json(201, out(request, obj), obj)
            response["Location"] = f"{request.path}{obj.pk}"
            return response

        return answer(lambda: _remembered(request, lambda: answer(write)))

    def change(request: HttpRequest, id: int, partial: bool) -> JsonResponse:
        def write() -> JsonResponse:
            obj = stored(request, id, Action.CHANGE)
            body = _parse(request)
            seen = _seen(request, body, obj)
            form = _validated(ledger, request, body, obj, partial=partial)
            try:
                with transaction.atomic():
                    saved = actions.save(request.user, form.save(commit=False),
                                         reason=_reason(request), seen=seen)
                    form.save_m2m()
            except (ValidationError, PermissionDenied) as exc:
                raise _refusal(exc) from exc
            return _json(200, out(request, saved), saved)

        return answer(write)

    def replace(request: HttpRequest, id: int) -> JsonResponse:
        return change(request, id, partial=False)

    def update(request: HttpRequest, id: int) -> JsonResponse:
        return change(request, id, partial=True)

    def remove(request: HttpRequest, id: int) -> JsonResponse:
        def write() -> JsonResponse:
            obj = stored(request, id, Action.DELETE)
            _seen(request, {}, obj)
            try:
                actions.delete(request.user, [obj], reason=_reason(request))
            except (ValidationError, PermissionDenied, ProtectedError,
                    RestrictedError) as exc:
                raise _refusal(exc) from exc
            return _json(204, None)

        response = answer(write)
        if response.status_code == 204:
            response.content = b""
        return response

    def bulk(request: HttpRequest) -> JsonResponse:
        def write() -> JsonResponse:
            if not Scope.of(request.user).allows(Action.ADD):
                raise Refused(403, {"detail": _("您的角色不能新增记录。")})
            body = _parse(request)
            if not isinstance(body, list) or not body:
                raise Refused(400, {"detail": _("请求体应为记录的 JSON 数组。")})
            if len(body) > MAX_BULK:
                raise Refused(400, {"detail": _("一次最多 %(n)s 条记录。") % {"n": MAX_BULK}})
            objs, errors = [], {}
            for index, item in enumerate(body):
                try:
                    form = _validated(ledger, request, item, None, partial=False)
                except Refused as exc:
                    errors[str(index)] = exc.body.get("errors") or {"__all__": [
                        exc.body.get("detail", "")]}
                    continue
                objs.append(form.save(commit=False))
            if errors:
                raise Refused(400, {"detail": _("有 %(n)s 条记录有误，没有保存任何记录。") % {
                    "n": len(errors)}, "errors": errors})
            try:
                saved = actions.write(request.user, objs, reason=_reason(request))
            except (ValidationError, PermissionDenied) as exc:
                raise _refusal(exc) from exc
            return _json(201, [out(request, obj) for obj in saved])

        return answer(lambda: _remembered(request, lambda: answer(write)))

    for fn, verb in ((create, "create"), (replace, "replace"), (update, "update"),
                     (remove, "delete"), (bulk, "bulk_create")):
        fn.__name__ = f"{verb}_{op}"
    errors = {"400": _response(gettext_lazy("数据有误（按字段列出）")),
              "403": _response(gettext_lazy("角色无权操作")),
              "404": _response(gettext_lazy("没有这条记录，或不在数据范围内")),
              "409": _response(gettext_lazy("所属月份已批准锁定、记录已被他人修改或仍被引用")),
              "412": _response(gettext_lazy("If-Match 与记录的版本不符"))}
    ref = {"$ref": f"#/components/schemas/{row_schema.__name__}"}
    one = {"content": {"application/json": {"schema": body_schema.model_json_schema()}},
           "required": True}
    many = {"content": {"application/json": {"schema": {
        "type": "array", "maxItems": MAX_BULK, "items": body_schema.model_json_schema()}}},
        "required": True}
    key = [{"name": "Idempotency-Key", "in": "header", "required": False,
            "schema": {"type": "string", "maxLength": 100},
            "description": str(_("重试时带同一个键，不会重复新增"))}]
    match = [{"name": "If-Match", "in": "header", "required": False,
              "schema": {"type": "string"},
              "description": str(_("记录的 ETag（版本）；不符时答 412"))}]

    def doc(summary: Any, body: Any | None, ok: dict[str, Any], params: list[Any]
            ) -> dict[str, Any]:
        extra: dict[str, Any] = {"responses": {**ok, **errors}, "parameters": params}
        if body is not None:
            extra["requestBody"] = body
        return extra

    created = {"201": {"description": "Created",
                       "content": {"application/json": {"schema": ref}}}}
    changed = {"200": {"description": "OK", "content": {"application/json": {"schema": ref}}}}
    router.post(f"/{name}/", url_name=f"ledger-{name}-create", operation_id=f"create_{op}",
                summary=format_title(title, _("新增")),
                openapi_extra=doc(title, one, created, key))(create)
    router.post(f"/{name}/bulk", url_name=f"ledger-{name}-bulk", operation_id=f"bulk_{op}",
                summary=format_title(title, _("批量新增（全部成功或全部不写入）")),
                openapi_extra=doc(title, many, {"201": {"description": "Created", "content": {
                    "application/json": {"schema": {"type": "array", "items": ref}}}}},
                    key))(bulk)
    router.put(f"/{name}/{{int:id}}", url_name=f"ledger-{name}-replace",
               operation_id=f"replace_{op}", summary=format_title(title, _("整条替换")),
               openapi_extra=doc(title, one, changed, match))(replace)
    router.patch(f"/{name}/{{int:id}}", url_name=f"ledger-{name}-update",
                 operation_id=f"update_{op}", summary=format_title(title, _("修改部分字段")),
                 openapi_extra=doc(title, {**one, "content": {"application/json": {
                     "schema": {**body_schema.model_json_schema(), "required": []}}}},
                     changed, match))(update)
    router.delete(f"/{name}/{{int:id}}", url_name=f"ledger-{name}-delete",
                  operation_id=f"delete_{op}", summary=format_title(title, _("删除")),
                  openapi_extra=doc(title, None, {"204": {"description": "Deleted"}},
                                    match))(remove)


def format_title(title: Any, verb: Any) -> str:
    from django.utils.text import format_lazy

    return format_lazy("{}：{}", title, verb)  # type: ignore[return-value]


def _response(description: Any) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": {
        "type": "object", "properties": {
            "detail": {"type": "string"}, "code": {"type": "string"},
            "errors": {"type": "object", "additionalProperties": {
                "type": "array", "items": {"type": "string"}}}}}}}}


# --- the body's schema, from the ledger's form --------------------------------------------


def input_schema(ledger: type[Ledger], name: str) -> Any:
    """The JSON body a ledger's form takes (for the OpenAPI document; the form validates)."""
    form = ledger.form(instance=ledger.model(), user=None)
    fields: dict[str, Any] = {}
    for field_name, field in form.fields.items():
        if isinstance(field.widget, forms.HiddenInput):
            continue
        kind, extra = _input_type(field)
        description = str(field.help_text or "") or None
        fields[field_name] = (kind | None if not field.required else kind, Field(
            None if not field.required else ..., title=str(field.label or field_name),
            description=description, json_schema_extra=extra or None))
    camel = "".join(p.capitalize() for p in name.replace("_", "-").split("-"))
    return create_model(f"{camel}In", **fields)


def _input_type(field: forms.Field) -> tuple[Any, dict[str, Any]]:
    if isinstance(field.widget, forms.MultiWidget):
        return str, {"format": "decimal", "description": str(_("金额，单位元"))}
    if isinstance(field, RecordChoiceField | forms.ModelChoiceField):
        return int, {"description": str(_("关联记录的编号"))}
    if isinstance(field, RegionField):
        return str, {"description": str(_("区划代码或名称"))}
    if isinstance(field, forms.BooleanField):
        return bool, {}
    if isinstance(field, forms.ChoiceField):
        choices: Any = field.choices
        plain = [(str(k), label) for k, label in choices
                 if k not in ("", None) and not isinstance(label, list | tuple)]
        return str, {"enum": [k for k, _label in plain],
                     "description": "；".join(f"{k} = {label}" for k, label in plain)}
    if isinstance(field, forms.DateField):
        return dt.date, {}
    if isinstance(field, forms.IntegerField):
        return int, {}
    if isinstance(field, forms.DecimalField | forms.FloatField):
        return str, {"format": "decimal"}
    return str, {}
