"""Lists: sorting by a column, the page size and the page, the same way on every list.

A list view declares which columns may be sorted (a key in the URL → the fields it orders
by) and hands its rows to :func:`paginate`::

    listing = paginate(request, rows, sorts={"name": ("name",), "date": ("start_date",)},
                       default=("-start_date",))
    return render(request, "x/list.html", {"page": listing.page, "listing": listing,
                                           "querystring": listing.querystring})

The URL says ``?sort=date`` (ascending) or ``?sort=-date`` (descending), ``?size=100`` and
``?page=3``. Only the declared keys order anything: another ``sort`` value is ignored (the
list keeps its default order), as is a page size not offered. Every sorted order ends on the
id in the same direction, so that rows with equal values keep one order from page to page.

The template shows a sortable header with ``{% sort_header listing "date" label %}`` (the
``xiezuo`` tag library) and the pager with ``{% include "core/_pager.html" %}``; the links of
both keep the list's filters, sort and page size.

Deep pages are read by keyset, not by offset, where the list's order allows it
(:func:`keyset_order`: fields of the record itself, not null, one direction, ending on the id,
with an index that leads with them — the ``(date, id)`` of the fund and consumption ledgers,
or the id alone). The pager's "next" and "previous" links then carry a ``cursor``: the order's
values of the page's last (or first) row, so the next page is read from the index where this one
ended, however deep. A page asked by its number beyond :data:`KEYSET_FROM` (the jump box) is
found by the key of its first row, read from the index alone, and then read by keyset. Pages
near the start, and lists in another order (a column of a related record, an expression), are
read by offset. A cursor that does not fit the list's order, or that cannot be read, is
ignored: the page is read by its number.

A view that keeps the row count elsewhere (``ledgers.listcache``) passes it as ``count``: the
pager then does not count.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.paginator import Page, Paginator
from django.db import models
from django.db.models import Q
from django.http import HttpRequest, QueryDict

#: the page sizes offered; a list's own default is always offered too
PAGE_SIZES: tuple[int, ...] = (20, 50, 100, 200)
MAX_PAGE_SIZE = 200
#: a page asked by its number beyond this one is read by keyset (where the order allows it)
KEYSET_FROM = 5


@dataclass
class Listing:
    page: Page
    #: the sort key in force ("" for the list's default order) and its direction
    sort: str
    descending: bool
    size: int
    sizes: tuple[int, ...]
    sortable: frozenset[str]
    #: the list's query string without the page (filters, sort, size)
    query: QueryDict = field(repr=False)
    #: the query strings of the next and the previous page ("" when there is none): with a
    #: cursor where the list is read by keyset
    next_query: str = ""
    previous_query: str = ""

    @property
    def querystring(self) -> str:
        return self.query.urlencode()

    def with_(self, **changes: str | None) -> str:
        """The query string with ``changes`` (None removes a parameter) and no page."""
        query = self.query.copy()
        for key, value in changes.items():
            query.pop(key, None)
            if value is not None:
                query[key] = value
        return query.urlencode()

    def sort_link(self, key: str) -> tuple[str, str]:
        """The query string that sorts by ``key`` (the other direction when it is the sort in
        force) and the direction in force on this key: "asc", "desc" or ""."""
        if key == self.sort:
            return self.with_(sort=key if self.descending else f"-{key}"), \
                "desc" if self.descending else "asc"
        return self.with_(sort=key), ""

    def hidden(self, *leave_out: str) -> list[tuple[str, str]]:
        """The query's parameters as (name, value) pairs for the hidden inputs of a form that
        sends the list again (the page-size choice, the page jump)."""
        return [(k, v) for k, values in self.query.lists() if k not in leave_out for v in values]

    @property
    def hidden_page(self) -> list[tuple[str, str]]:
        return self.hidden("page", "cursor")

    @property
    def hidden_size(self) -> list[tuple[str, str]]:
        return self.hidden("page", "size")


def page_size(request: HttpRequest, default: int) -> int:
    """The page size the URL asks for, when it is one offered; else ``default``."""
    raw = request.GET.get("size", "")
    if raw.isascii() and raw.isdigit() and int(raw) in sizes_for(default):
        return int(raw)
    return default


def sizes_for(default: int) -> tuple[int, ...]:
    return tuple(sorted({*PAGE_SIZES, min(default, MAX_PAGE_SIZE)}))


def sort_of(request: HttpRequest, sorts: Mapping[str, Sequence[Any]]) -> tuple[str, bool]:
    """The declared sort key the URL asks for and whether descending; ("", False) when it
    asks for none or for one not declared."""
    raw = request.GET.get("sort", "")
    descending = raw.startswith("-")
    key = raw.removeprefix("-")
    if key not in sorts:
        return "", False
    return key, descending


def order(fields: Sequence[Any], descending: bool) -> list[Any]:
    """``fields`` (names or expressions, ascending), in one direction, ending on the id."""
    result: list[Any] = []
    for f in fields:
        if isinstance(f, str):
            result.append(f"-{f}" if descending else f)
        else:
            result.append(f.desc(nulls_last=True) if descending else f.asc(nulls_first=True))
    result.append("-pk" if descending else "pk")
    return result


class CountedPaginator(Paginator):
    """A paginator that is told its row count instead of counting (when ``count`` is given)."""

    def __init__(self, rows: Any, per_page: int, count: int | None = None) -> None:
        super().__init__(rows, per_page)
        if count is not None:
            self.__dict__["count"] = count  # what the cached property would have counted


class KeysetPage(Page):
    """A page read by keyset: whether there are pages before and after it is known from the
    rows read, its number is the one its link gave (shown, not used to read)."""

    def __init__(self, rows: list[Any], number: int, paginator: Paginator,
                 previous: bool, more: bool) -> None:
        super().__init__(rows, number, paginator)
        self.previous, self.more = previous, more

    def has_next(self) -> bool:
        return self.more

    def has_previous(self) -> bool:
        return self.previous

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return max(self.number - 1, 1)


#: an order keyset can read: the field names (ending on the primary key) and the direction
KeysetOrder = tuple[tuple[str, ...], bool]


def keyset_order(model: type[models.Model], ordering: Sequence[Any]) -> KeysetOrder | None:
    """The order ``ordering`` of ``model``'s rows as keyset paging reads it, or None when it
    cannot: an expression, a field of another record or one that may be null, two directions,
    no id at the end (rows would not have one order), or no index that leads with the fields
    (the keyset would scan)."""
    names: list[str] = []
    directions: set[bool] = set()
    pk = model._meta.pk
    assert pk is not None
    for item in ordering:
        if not isinstance(item, str) or "__" in item or item.startswith("?"):
            return None
        directions.add(item.startswith("-"))
        name = item.removeprefix("-")
        try:
            f = pk if name == "pk" else model._meta.get_field(name)
        except FieldDoesNotExist:
            return None
        if not getattr(f, "concrete", False) or f.is_relation or getattr(f, "null", True):
            return None
        names.append(f.name)
    if len(directions) != 1 or not names or names[-1] != pk.name or len(set(names)) < len(names):
        return None
    if not _indexed(model, names[:-1]):
        return None
    return tuple(names), directions.pop()


def _indexed(model: type[models.Model], leading: list[str]) -> bool:
    if not leading:
        return True
    if len(leading) == 1:
        f = model._meta.get_field(leading[0])
        if getattr(f, "db_index", False) or getattr(f, "unique", False):
            return True
    declared = [list(index.fields) for index in model._meta.indexes] + [
        list(c.fields) for c in model._meta.constraints
        if isinstance(c, models.UniqueConstraint) and c.condition is None]
    return any([n.removeprefix("-") for n in fields[:len(leading)]] == leading
               for fields in declared)


def _plain(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, (bool, int, str)) or value is None:
        return value
    return str(value)


def cursor(keyset: KeysetOrder, direction: str, row: Any) -> str:
    """The cursor of the rows ``direction`` ("after" or "before") ``row`` in ``keyset``."""
    names, descending = keyset
    values = [_plain(getattr(row, row._meta.get_field(n).attname)) for n in names]
    text = json.dumps([direction, list(names), descending, values], separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def read_cursor(model: type[models.Model], keyset: KeysetOrder,
                raw: str) -> tuple[str, list[Any]] | None:
    """(direction, the order's values) of a cursor made for ``keyset``, or None when it was
    made for another order or cannot be read."""
    if not raw or len(raw) > 1000:
        return None
    try:
        text = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)).decode()
        direction, names, descending, values = json.loads(text)
        if direction not in ("after", "before") or list(keyset[0]) != names \
                or keyset[1] is not descending or len(values) != len(names):
            return None
        typed = [cast(models.Field, model._meta.get_field(n)).to_python(v)
                 for n, v in zip(names, values, strict=True)]
    except (binascii.Error, UnicodeDecodeError, ValueError, TypeError, ValidationError):
        return None
    if any(v is None or (isinstance(v, int) and not -2**63 <= v < 2**63) for v in typed):
        return None  # no row holds it (and SQLite cannot even compare with it)
    return direction, typed


def beyond(keyset: KeysetOrder, values: Sequence[Any], *, backwards: bool = False,
           inclusive: bool = False) -> Q:
    """The rows after ``values`` in the order (before them when ``backwards``; from them on
    when ``inclusive``), as a condition the index's range can start from: the first field's
    bound, then the order's comparison field by field."""
    names, descending = keyset
    lower = descending != backwards  # the rows wanted have smaller values
    strict, loose = ("lt", "lte") if lower else ("gt", "gte")
    either = Q()
    for i, name in enumerate(names):
        equal = {n: v for n, v in zip(names[:i], values[:i], strict=True)}
        last = i == len(names) - 1
        op = loose if inclusive and last else strict
        either |= Q(**equal, **{f"{name}__{op}": values[i]})
    return Q(**{f"{names[0]}__{loose}": values[0]}) & either


def _keyset_page(rows: Any, paginator: Paginator, keyset: KeysetOrder, direction: str,
                 values: list[Any], number: int) -> Page | None:
    """The page ``direction`` ("after", "before", "from") ``values``, or None when there is
    no such page to show (before the first row: the first page is read by offset)."""
    size = paginator.per_page
    names, descending = keyset
    if direction == "before":
        back = [n if descending else f"-{n}" for n in names]
        found = list(rows.filter(beyond(keyset, values, backwards=True)).order_by(*back)
                     [:size + 1])
        if len(found) <= size:
            return None
        return KeysetPage(found[:size][::-1], max(number, 2), paginator, True, True)
    found = list(rows.filter(beyond(keyset, values, inclusive=direction == "from"))
                 [:size + 1])
    if not found:
        return None
    return KeysetPage(found[:size], max(number, 2), paginator, True, len(found) > size)


def _number(raw: str | None) -> int | None:
    raw = raw or ""
    return int(raw) if raw.isascii() and raw.isdigit() and 0 < len(raw) < 10 else None


def paginate(request: HttpRequest, rows: Any, *,
             sorts: Mapping[str, Sequence[Any]] | None = None,
             default: Sequence[Any] | None = None, size: int = 50,
             count: int | None = None) -> Listing:
    """The page of ``rows`` the request asks for, sorted by a declared column when it asks
    for one (else by ``default``, or as ``rows`` come), ``size`` rows a page unless it asks
    for another offered size. ``rows`` may be a queryset or a list (a list is not sorted);
    ``count``: the number of ``rows`` when the caller knows it."""
    sorts = sorts or {}
    key, descending = sort_of(request, sorts)
    ordering: Sequence[Any] = ()
    if key and hasattr(rows, "order_by"):
        ordering = order(sorts[key], descending)
        rows = rows.order_by(*ordering)
    elif default is not None and hasattr(rows, "order_by"):
        ordering = default
        rows = rows.order_by(*default)
    elif hasattr(rows, "query"):
        ordering = rows.query.order_by
    per_page = page_size(request, size)
    paginator = CountedPaginator(rows, per_page, count)
    keyset = keyset_order(rows.model, ordering) if hasattr(rows, "model") and ordering else None
    number = _number(request.GET.get("page"))
    page: Page | None = None
    if keyset is not None:
        asked = read_cursor(rows.model, keyset, request.GET.get("cursor", ""))
        if asked is not None:
            page = _keyset_page(rows, paginator, keyset, asked[0], asked[1], number or 2)
            if page is None and asked[0] == "before":
                number = 1
        elif number is not None and number > KEYSET_FROM:
            skip = (number - 1) * per_page
            first = rows.values_list(*keyset[0])[skip:skip + 1]
            start = next(iter(first), None)
            if start is not None:
                page = _keyset_page(rows, paginator, keyset, "from", list(start), number)
    if page is None:
        page = paginator.get_page(number)
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("cursor", None)
    if not key:
        query.pop("sort", None)
    if per_page == size:
        query.pop("size", None)
    listing = Listing(page=page, sort=key, descending=descending, size=per_page,
                      sizes=sizes_for(size), sortable=frozenset(sorts), query=query)
    rows_shown = list(page.object_list)
    with_cursor = keyset is not None and bool(rows_shown) \
        and isinstance(rows_shown[0], models.Model)
    if page.has_next():
        listing.next_query = _link(query, page.number + 1, with_cursor and keyset,
                                   "after", rows_shown[-1] if rows_shown else None)
    if page.has_previous():
        before = page.number - 1
        listing.previous_query = _link(query, before, with_cursor and before > 1 and keyset,
                                       "before", rows_shown[0] if rows_shown else None)
    return listing


def _link(query: QueryDict, number: int, keyset: Any, direction: str, row: Any) -> str:
    linked = query.copy()
    linked["page"] = str(number)
    if keyset:
        linked["cursor"] = cursor(keyset, direction, row)
    return linked.urlencode()
