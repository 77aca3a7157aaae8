"""Checks every ledger's pages must pass, for the apps' tests: scoping seen from a persona,
flat query counts on the list, and what the exports contain.

A test module gives a ``make(county, marker)`` factory per ledger: it creates a valid record
in 临夏市 (``"linxia"``, pairing 市中区 → 临夏市) or 普格县 (``"puge"``, 龙马潭区 → 普格县) whose
``notes`` carry ``marker``.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from typing import Any

from django.urls import reverse

from xiezuo.ledgers.declare import Ledger
from xiezuo.regions.models import Region

#: county key → (pairing key of the demo pairings, region code)
COUNTIES = {"linxia": ("szq-lxs", "622901"), "puge": ("lmt-pg", "513428")}
#: the persona of each county's office (data entry, no personal-data permission)
PERSONA = {"linxia": "linxiashi_entry", "puge": "puge_entry"}

Make = Callable[[str, str], Any]


def county(demo: dict[str, Any], key: str) -> tuple[Any, Region]:
    pairing_key, code = COUNTIES[key]
    return demo["pairings"][pairing_key], Region.objects.get(code=code, valid_to__isnull=True)


def url(ledger: type[Ledger], view: str, *args: Any) -> str:
    return reverse(ledger.url_name(view), args=args)


def export_text(client: Any, ledger: type[Ledger], fmt: str, **params: Any) -> str:
    """The exported file as text: the CSV, or every XML part of the Excel workbook."""
    response = client.get(url(ledger, "export", fmt), params)
    assert response.status_code == 200, response.status_code
    body = b"".join(response.streaming_content)
    if fmt == "csv":
        return body.decode("utf-8-sig")
    with zipfile.ZipFile(io.BytesIO(body)) as book:
        return "".join(book.read(n).decode() for n in book.namelist() if n.endswith(".xml"))


def assert_sees_only_own(login: Any, ledger: type[Ledger], own: Any, other: Any,
                         username: str) -> None:
    """``username`` sees ``own`` and cannot read, change, delete or export ``other``."""
    client = login(username)
    page = client.get(url(ledger, "list"))
    assert page.status_code == 200
    shown = {o.pk for o in page.context["page"].object_list}
    assert own.pk in shown and other.pk not in shown
    assert other.notes not in page.content.decode()
    assert client.get(url(ledger, "detail", own.pk)).status_code == 200
    for view in ("detail", "edit", "delete"):
        assert client.get(url(ledger, view, other.pk)).status_code == 404, view
    assert client.post(url(ledger, "edit", other.pk), {"notes": "改"}).status_code == 404
    assert client.post(url(ledger, "delete", other.pk)).status_code == 404
    other.refresh_from_db()
    assert other.notes != "改"
    for fmt in ("csv", "xlsx"):
        text = export_text(client, ledger, fmt)
        assert own.notes in text and other.notes not in text, fmt


def assert_flat_list(client: Any, ledger: type[Ledger], make: Make, pin: int,
                     assert_max_queries: Any) -> None:
    """The list costs the same number of queries for 2 rows as for 12, and at most ``pin``."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for i in range(2):
        make("linxia", f"行{i}")
    client.get(url(ledger, "list"))  # warm caches (content types, session)
    with CaptureQueriesContext(connection) as few:
        client.get(url(ledger, "list"))
    for i in range(10):
        make("linxia", f"更多行{i}")
    with assert_max_queries(pin):
        page = client.get(url(ledger, "list"))
    assert page.context["page"].paginator.count >= 12
    with CaptureQueriesContext(connection) as many:
        client.get(url(ledger, "list"))
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
    for key in ledger.sorts():  # sorted by any column, and a page size of 200: the same cost
        with CaptureQueriesContext(connection) as sorted_:
            sorted_page = client.get(url(ledger, "list"), {"sort": f"-{key}", "size": "200"})
        assert sorted_page.context["listing"].sort == key
        assert len(sorted_) == len(few), (key, [q["sql"] for q in sorted_.captured_queries])
