"""The JSON API (/api/v1/): every ledger (read and write, see writes.py), pairings, regions
and indicators.

Every endpoint authenticates with ``Authorization: Bearer <key>`` (see ``ApiToken``; an
expired token answers 401 saying so), is limited to ``API_RATE_LIMIT`` requests a minute per
token (429 with ``Retry-After``), and goes through the same scoping (``restrict(user,
"view")``) and the same filter sets as the pages; personal data is masked by the ledgers'
columns for users who may not see it. Each ledger's rows have their own schema in the OpenAPI
document (``rows.py``).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from decimal import Decimal
from functools import wraps
from typing import Any, cast

from django.apps import apps
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.db import models
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from ninja import Body, NinjaAPI, Router, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.security import HttpBearer
from ninja.throttling import BaseThrottle

from xiezuo.api import writes
from xiezuo.api.models import ApiToken
from xiezuo.api.rows import page_schema, row_schema
from xiezuo.core.listing import beyond, cursor, keyset_order, read_cursor
from xiezuo.core.personal import may_see_personal_data
from xiezuo.core.scoping import Action
from xiezuo.ledgers import listcache
from xiezuo.ledgers.declare import Ledger, declared_ledgers
from xiezuo.ledgers.filters import LedgerFilter
from xiezuo.pairings.filters import PairingFilter
from xiezuo.pairings.models import Pairing
from xiezuo.regions.models import Level, Region

#: the largest page anyone gets, whatever ``page_size`` asks for
MAX_PAGE_SIZE = 500
DEFAULT_PAGE_SIZE = 50
MAX_PAGE = 100_000


def lazy(text: Any) -> str:
    """A translatable text where ninja's types ask for ``str``: it is rendered in the reader's
    language when the OpenAPI document is served (Django's JSON encoder renders it)."""
    return cast(str, text)


class BearerToken(HttpBearer):
    """``Authorization: Bearer <key>``: the token's user, if active, becomes ``request.user``
    and the token ``request.auth``; an expired token is refused with a message saying so."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = ApiToken.find(token)
        if found is None or not found.user.is_active:
            return None
        now = timezone.now()
        if found.expires_at <= now:
            raise AuthenticationError(401, _g(
                "接口令牌 %(prefix)s… 已于 %(date)s 过期，请向管理员申请新令牌。") % {
                "prefix": found.prefix,
                "date": date_format(timezone.localtime(found.expires_at), "DATETIME_FORMAT")})
        if found.last_used is None or now - found.last_used > dt.timedelta(minutes=1):
            ApiToken.objects.filter(pk=found.pk).update(last_used=now)
        request.user = found.user
        return found


def hit(key: str, window: int) -> int:
    """Count one more event under ``key`` in the cache and return the count; the count starts
    afresh ``window`` seconds after its first event. Redis (``XIEZUO_REDIS_URL``) counts for
    every app server at once, atomically; without it each process counts in its own memory
    (no database write on a request), so the limit holds per worker process."""
    if cache.add(key, 1, window):
        return 1
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        return 1


class TokenRate(BaseThrottle):
    """At most ``API_RATE_LIMIT`` requests a minute per token, counted in the cache
    (:func:`hit`); fixed one-minute windows, so ``Retry-After`` is the rest of the current
    minute."""

    WINDOW = 60
    clock = staticmethod(time.time)

    def allow_request(self, request: HttpRequest) -> bool:
        token = getattr(request, "auth", None)
        if not isinstance(token, ApiToken):
            return True
        window = int(self.clock() // self.WINDOW)
        count = hit(f"api-rate:{token.pk}:{window}", self.WINDOW + 5)
        return count <= settings.API_RATE_LIMIT

    def wait(self) -> float:
        return max(1.0, self.WINDOW - self.clock() % self.WINDOW)


def _docs_access(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The OpenAPI document and its viewer: for signed-in users or a valid bearer token."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_active:
            return view(request, *args, **kwargs)
        header = request.headers.get("Authorization", "")
        scheme, _, key = header.partition(" ")
        try:
            allowed = scheme.lower() == "bearer" and BearerToken().authenticate(
                request, key.strip())
        except HttpError:  # an expired token
            allowed = False
        if allowed:
            return view(request, *args, **kwargs)
        return redirect_to_login(request.get_full_path())

    return wrapped


api = NinjaAPI(
    title="xiezuo API",
    version="1",
    description=lazy(_("东西部协作台账、结对关系、行政区划和指标目录的接口：读取全部，"
                  "台账还可新增、修改、删除（与页面同一表单校验、同一数据范围、同一锁定规则）。"
                  "以 Authorization: Bearer <令牌> 认证；令牌有有效期，每个令牌每分钟的请求数有上限"
                  "（超出时答 429，并以 Retry-After 给出需等待的秒数）。")),
    auth=BearerToken(),
    throttle=[TokenRate()],
    urls_namespace="api",
    docs_decorator=_docs_access,
)


# --- helpers -------------------------------------------------------------------------------

def _page_params(page: int, page_size: int) -> tuple[int, int]:
    return min(max(page, 1), MAX_PAGE), min(max(page_size, 1), MAX_PAGE_SIZE)


def paginate(qs: Any, page: int, page_size: int,
             row: Callable[[Any], dict[str, Any]]) -> dict[str, Any]:
    page, page_size = _page_params(page, page_size)
    start = (page - 1) * page_size
    return {"count": qs.count(), "page": page, "page_size": page_size,
            "results": [row(obj) for obj in qs[start:start + page_size]]}


def ledger_page(ledger: type[Ledger], qs: Any, page: int, page_size: int, at: str | None,
                row: Callable[[Any], dict[str, Any]]) -> dict[str, Any]:
    """A page of a ledger's rows, by its number, or the page after or before ``at`` (the
    ``next_cursor`` or the ``previous_cursor`` of another page: read from the index of the
    ledger's order where that page ended or began, as cheap on the 1,000th page as on the
    first; a cursor that cannot be read is ignored). ``next_cursor`` and ``previous_cursor``
    are given where the ledger's order allows it and a page exists after or before this one;
    a page read backwards stops at the first row (the first page may then be shorter). The
    count is kept in the shared cache until the ledger's next write."""
    page, page_size = _page_params(page, page_size)
    qs = qs.order_by(*ledger.ordering)
    count = listcache.figures(ledger.model, qs, "count", qs.count)
    keyset = keyset_order(ledger.model, ledger.ordering)
    asked = read_cursor(ledger.model, keyset, at or "") if keyset is not None else None
    if keyset is not None and asked is not None:
        direction, values = asked
        if direction == "before":
            names, descending = keyset
            back = [n if descending else f"-{n}" for n in names]
            found = list(qs.filter(beyond(keyset, values, backwards=True)).order_by(*back)
                         [:page_size + 1])
            earlier = len(found) > page_size
            found = found[:page_size][::-1]
            more = qs.filter(beyond(keyset, values, inclusive=True)).exists()
        else:
            found = list(qs.filter(beyond(keyset, values))[:page_size + 1])
            more = len(found) > page_size
            found = found[:page_size]
            earlier = qs.filter(beyond(keyset, values, backwards=True, inclusive=True)).exists()
    else:
        start = (page - 1) * page_size
        found = list(qs[start:start + page_size + 1])
        more, earlier = len(found) > page_size, start > 0
        found = found[:page_size]
    next_cursor = previous_cursor = None
    if keyset is not None and found:
        next_cursor = cursor(keyset, "after", found[-1]) if more else None
        previous_cursor = cursor(keyset, "before", found[0]) if earlier else None
    by_number = page if asked is None else None  # a page read by cursor has no number
    return {"count": count, "page": by_number, "page_size": page_size,
            "next_cursor": next_cursor, "previous_cursor": previous_cursor,
            "results": [row(obj) for obj in found]}


def jsonable(value: Any) -> Any:
    """A value JSON can carry: Decimal → string, dates ISO, model instances → their name."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, Promise | models.Model):
        return str(value)
    if hasattr(value, "all") and callable(value.all):  # a related manager
        return [str(v) for v in value.all()]
    return str(value)


def filtered(filterset_class: Any, request: HttpRequest, qs: Any,
             body: dict[str, str] | None = None) -> Any:
    """The page's filter set applied to the query string (or to a posted ``body`` of
    filters: the way to search by an ID number or a phone, which a URL may not carry);
    invalid values answer 400."""
    data: Any = request.GET.copy() if body is None else dict(body)
    for name in ("page", "page_size", "cursor"):
        data.pop(name, None)
    extra = {} if body is None or not issubclass(filterset_class, LedgerFilter) else {
        "from_url": False}
    fs = filterset_class(data, queryset=qs, request=request, **extra)
    result = fs.qs if fs.is_valid() else None
    if fs.form.errors:  # also those a filter method adds while filtering (an unknown region)
        raise HttpError(400, "; ".join(f"{k}: {' '.join(map(str, v))}"
                                       for k, v in fs.form.errors.items()))
    return result


def filter_parameters(filterset_class: Any) -> list[dict[str, Any]]:
    """The filter set's fields as OpenAPI query parameters (all optional strings)."""
    return [{"name": name, "in": "query", "required": False, "schema": {"type": "string"},
             "description": f.label or name}
            for name, f in filterset_class.base_filters.items()]


# --- regions -------------------------------------------------------------------------------

class RegionOut(Schema):
    id: int
    code: str
    name: str
    short_name: str
    level: str
    parent_id: int | None
    valid_from: dt.date | None
    valid_to: dt.date | None
    lng: float | None
    lat: float | None


class RegionPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[RegionOut]


def _region_row(r: Region) -> dict[str, Any]:
    return {"id": r.pk, "code": r.code, "name": r.name, "short_name": r.short_name,
            "level": r.level, "parent_id": r.parent_id, "valid_from": r.valid_from,
            "valid_to": r.valid_to, "lng": r.lng, "lat": r.lat}


@api.get("/regions/", response=RegionPage, url_name="regions", tags=["regions"],
         summary=lazy(_("行政区划")),
         description=lazy(_("行政区划（参考数据）：按名称或代码检索（q），"
                            "按级别筛选（level）。")))
def regions(request: HttpRequest, q: str = "", level: Level | None = None,
            current: bool = True, page: int = 1,
            page_size: int = DEFAULT_PAGE_SIZE) -> dict[str, Any]:
    qs = Region.objects.all().order_by("code", "valid_from")
    if current:
        qs = qs.filter(valid_to__isnull=True)
    text = q.strip().replace("\x00", "")
    if text:
        qs = qs.filter(Q(code__startswith=text) | Q(name__contains=text)
                       | Q(short_name__contains=text) | Q(core_name__contains=text))
    if level:
        qs = qs.filter(level=level)
    return paginate(qs, page, page_size, _region_row)


# --- pairings ------------------------------------------------------------------------------

class PairingOut(Schema):
    id: int
    name: str
    donor_id: int | None
    donor: str
    recipient_id: int
    recipient: str
    level: str
    kind: str
    start_date: dt.date
    end_date: dt.date | None
    parent_id: int | None


class PairingPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[PairingOut]


def _pairing_row(p: Pairing) -> dict[str, Any]:
    return {"id": p.pk, "name": str(p), "donor_id": p.donor_id, "donor": p.donor_name,
            "recipient_id": p.recipient_id, "recipient": p.recipient.name,
            "level": p.level, "kind": p.kind, "start_date": p.start_date,
            "end_date": p.end_date, "parent_id": p.parent_id}


def _pairings(request: HttpRequest) -> Any:
    return Pairing.objects.restrict(request.user, "view").with_regions()


@api.get("/pairings/", response=PairingPage, url_name="pairings", tags=["pairings"],
         summary=lazy(_("结对关系")),
         description=lazy(_("结对关系：只含本单位数据范围内的结对，筛选条件与页面相同。")),
         openapi_extra={"parameters": filter_parameters(PairingFilter)})
def pairings(request: HttpRequest, page: int = 1,
             page_size: int = DEFAULT_PAGE_SIZE) -> dict[str, Any]:
    qs = filtered(PairingFilter, request, _pairings(request))
    return paginate(qs, page, page_size, _pairing_row)


@api.get("/pairings/{id}", response=PairingOut, url_name="pairing", tags=["pairings"],
         summary=lazy(_("结对关系详情")),
         description=lazy(_("一个结对关系；数据范围外的答 404。")))
def pairing(request: HttpRequest, id: int) -> dict[str, Any]:
    obj = _pairings(request).filter(pk=id).first()
    if obj is None:
        raise HttpError(404, "Not found")
    return _pairing_row(obj)


# --- indicators ----------------------------------------------------------------------------

def _indicator_model() -> type[models.Model] | None:
    try:
        return apps.get_model("indicators", "Indicator")
    except LookupError:
        return None


Indicator = _indicator_model()

if Indicator is not None:
    class IndicatorOut(Schema):
        id: int
        code: str
        name: str
        name_en: str
        unit: str
        is_money: bool
        side: str
        source: str
        aggregation: str
        period_type: str
        parent_id: int | None
        valid_from: int | None
        valid_to: int | None
        description: str

    class IndicatorPage(Schema):
        count: int
        page: int
        page_size: int
        results: list[IndicatorOut]

    def _indicator_row(i: Any) -> dict[str, Any]:
        return {name: getattr(i, name) for name in IndicatorOut.model_fields}

    @api.get("/indicators/", response=IndicatorPage, url_name="indicators",
             tags=["indicators"], summary=lazy(_("指标目录")),
             description=lazy(_("指标目录：按代码或名称检索（q）。")))
    def indicators(request: HttpRequest, q: str = "", page: int = 1,
                   page_size: int = DEFAULT_PAGE_SIZE) -> dict[str, Any]:
        assert Indicator is not None
        qs = Indicator._default_manager.all().order_by("sort_order", "code")
        text = q.strip().replace("\x00", "")
        if text:
            qs = qs.filter(Q(code__contains=text) | Q(name__contains=text))
        return paginate(qs, page, page_size, _indicator_row)


# --- ledgers -------------------------------------------------------------------------------

def find_ledgers() -> list[type[Ledger]]:
    """Every declared ledger of the installed apps, in the order of their API names."""
    return sorted(declared_ledgers().values(), key=slug)


def slug(ledger: type[Ledger]) -> str:
    """The ledger's URL name in the API: its namespace, ``labour:people`` → ``labour-people``."""
    return ledger.namespace.replace(":", "-")


def ledger_row(ledger: type[Ledger], obj: Any, personal_ok: bool) -> dict[str, Any]:
    row: dict[str, Any] = {"id": obj.pk, "version": obj.version}
    for column in ledger.columns:
        row[column.path] = jsonable(column.shown(obj, personal_ok))
    return row


class ColumnOut(Schema):
    path: str
    header: str
    personal: bool
    money: bool


class LedgerOut(Schema):
    slug: str
    name: str
    url: str
    columns: list[ColumnOut]
    filters: list[str]


class SummaryOut(Schema):
    label: str
    value: int | str | None
    money: bool


LEDGERS = find_ledgers()
ledgers_router = Router(tags=["ledgers"])


@ledgers_router.get("/", response=list[LedgerOut], url_name="ledgers",
                    summary=lazy(_("台账目录")),
                    description=lazy(_("所有台账：列（personal 为个人信息，无权限者看到的是掩码）"
                                       "和可用的筛选条件。")))
def ledger_index(request: HttpRequest) -> list[dict[str, Any]]:
    return [{"slug": slug(ledger), "name": ledger.verbose_name(),
             "url": f"{request.path.rstrip('/')}/{slug(ledger)}/",
             "columns": [{"path": c.path, "header": c.header(ledger.model),
                          "personal": c.personal, "money": c.is_money}
                         for c in ledger.columns],
             "filters": list(ledger.filterset.base_filters)}
            for ledger in LEDGERS]


def _register(ledger: type[Ledger]) -> None:
    name = slug(ledger)
    op = name.replace("-", "_")

    def scoped(request: HttpRequest, action: Action = Action.VIEW) -> Any:
        return ledger.queryset().restrict(request.user, action).order_by(*ledger.ordering)

    def listing(request: HttpRequest, page: int = 1, page_size: int = DEFAULT_PAGE_SIZE,
                cursor: str | None = None) -> dict[str, Any]:
        personal_ok = may_see_personal_data(request.user)
        qs = filtered(ledger.filterset, request, scoped(request))
        return ledger_page(ledger, qs, page, page_size, cursor,
                           lambda o: ledger_row(ledger, o, personal_ok))

    def search(request: HttpRequest, filters: Body[dict[str, str]], page: int = 1,
               page_size: int = DEFAULT_PAGE_SIZE,
               cursor: str | None = None) -> dict[str, Any]:
        personal_ok = may_see_personal_data(request.user)
        qs = filtered(ledger.filterset, request, scoped(request), body=filters)
        return ledger_page(ledger, qs, page, page_size, cursor,
                           lambda o: ledger_row(ledger, o, personal_ok))

    def detail(request: HttpRequest, id: int, response: HttpResponse) -> dict[str, Any]:
        obj = scoped(request).filter(pk=id).first()
        if obj is None:
            raise HttpError(404, "Not found")
        response["ETag"] = f'"{obj.version}"'
        return ledger_row(ledger, obj, may_see_personal_data(request.user))

    def summary(request: HttpRequest) -> list[dict[str, Any]]:
        qs = filtered(ledger.filterset, request, scoped(request))
        return [{"label": str(label), "value": jsonable(value),
                 "money": bool(column is not None and column.is_money)}
                for label, value, column in ledger.summary(qs)]

    listing.__name__ = f"list_{op}"
    summary.__name__ = f"summarise_{op}"
    search.__name__ = f"search_{op}"
    detail.__name__ = f"get_{op}"
    title = ledger.model._meta.verbose_name
    row = row_schema(ledger, name)
    ledgers_router.get(
        f"/{name}/", response=page_schema(row, name), url_name=f"ledger-{name}",
        operation_id=f"list_{op}", summary=lazy(title),
        description=lazy(format_lazy("{}：{}", title, _("数据范围与筛选条件与页面相同。"))),
        openapi_extra={"parameters": filter_parameters(ledger.filterset)})(listing)
    ledgers_router.post(
        f"/{name}/search/", response=page_schema(row, name), url_name=f"ledger-{name}-search",
        operation_id=f"search_{op}", summary=lazy(title),
        description=lazy(format_lazy("{}：{}", title, _(
            "与列表相同，筛选条件放在请求体（JSON 对象）中：按身份证号、手机号查询须用此接口，"
            "个人信息不得出现在网址中。"))))(search)
    ledgers_router.get(
        f"/{name}/summary/", response=list[SummaryOut], url_name=f"ledger-{name}-summary",
        operation_id=f"summarise_{op}", summary=lazy(title),
        description=lazy(format_lazy("{}：{}", title, _(
            "列表上方的汇总数，与页面同一规则、同一数据范围和筛选条件；金额以元计（字符串，"
            "精确到分）。"))),
        openapi_extra={"parameters": filter_parameters(ledger.filterset)})(summary)
    ledgers_router.get(
        f"/{name}/{{int:id}}", response=row, url_name=f"ledger-{name}-detail",
        operation_id=f"get_{op}", summary=lazy(title),
        description=lazy(format_lazy("{}：{}", title, _("一条记录；数据范围外的答 404。"))))(detail)
    writes.register(ledgers_router, ledger, name, ledger_row, scoped, row)


for _ledger in LEDGERS:
    _register(_ledger)

api.add_router("/ledgers", ledgers_router)
