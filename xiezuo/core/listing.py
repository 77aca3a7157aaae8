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
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest, QueryDict

#: the page sizes offered; a list's own default is always offered too
PAGE_SIZES: tuple[int, ...] = (20, 50, 100, 200)
MAX_PAGE_SIZE = 200


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
        return self.hidden("page")

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


def paginate(request: HttpRequest, rows: Any, *,
             sorts: Mapping[str, Sequence[Any]] | None = None,
             default: Sequence[Any] | None = None, size: int = 50) -> Listing:
    """The page of ``rows`` the request asks for, sorted by a declared column when it asks
    for one (else by ``default``, or as ``rows`` come), ``size`` rows a page unless it asks
    for another offered size. ``rows`` may be a queryset or a list (a list is not sorted)."""
    sorts = sorts or {}
    key, descending = sort_of(request, sorts)
    if key and hasattr(rows, "order_by"):
        rows = rows.order_by(*order(sorts[key], descending))
    elif default is not None and hasattr(rows, "order_by"):
        rows = rows.order_by(*default)
    per_page = page_size(request, size)
    page = Paginator(rows, per_page).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    if not key:
        query.pop("sort", None)
    if per_page == size:
        query.pop("size", None)
    return Listing(page=page, sort=key, descending=descending, size=per_page,
                   sizes=sizes_for(size), sortable=frozenset(sorts), query=query)
