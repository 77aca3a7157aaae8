"""The checks every declared ledger passes, generated from the declarations (no copy per
ledger): its example row goes in by the form, by a sheet and by the API and gives the same
record, audited with its author; another county cannot see or change it; an approved month
locks it on the page and in the API (the importer's refusal: reporting/tests/test_locks.py).

linxiashi_entry: data entry in 临夏市 (every example is a row of 临夏市)
puge_entry:      data entry in 普格县
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest
from django import forms
from django.db import models
from django.urls import reverse

from xiezuo.core.models import AuditEntry
from xiezuo.ledgers import actions, locks
from xiezuo.ledgers.declare import Ledger, declared_ledgers
from xiezuo.ledgers.forms import LedgerForm, encode
from xiezuo.regions.models import Region
from xiezuo.transfer.engine import run_import
from xiezuo.transfer.spec import EMPTY, Converter, get_importable
from xiezuo.transfer.tests.conftest import write_xlsx

pytestmark = pytest.mark.django_db
LEDGERS = sorted(declared_ledgers().items())
#: what a write sets by itself, left out when records are compared
BOOKKEEPING = {"id", "created_at", "updated_at", "created_by", "updated_by", "version"}


@pytest.fixture
def reference(demo: dict[str, Any]) -> None:
    """Reference data some examples name (the demo's offices are loaded by ``demo``)."""
    from xiezuo.indicators import catalogue

    catalogue.load()


def values_of(ledger: type[Ledger], user: Any) -> dict[str, Any]:
    """The example row read as the importer reads a sheet's cells."""
    importable = get_importable(ledger.transfer_key())
    form = importable.make_form(user)
    converter = Converter(importable, user, form)
    specs = {s.name: s for s in importable.field_specs(form)}
    values = {}
    for name, text in ledger.import_example.items():
        spec = specs[name]
        value = converter.value(spec, text, spec.unit)
        values[name] = None if value is EMPTY else value
    return values


def page_data(form: LedgerForm, values: dict[str, Any], ledger: type[Ledger]) -> dict[str, Any]:
    """What the page posts for these values (records by number, days as text)."""
    data: dict[str, Any] = {}
    for name, field in form.fields.items():
        if isinstance(field.widget, forms.HiddenInput):
            continue
        value = values.get(name)
        encode(data, name, field, value if isinstance(value, Decimal) else sent(value))
    for key in [k for k, v in data.items() if v is False]:
        del data[key]  # an unticked box is not sent
    for inline in ledger.inlines:  # child rows: none
        data[f"{inline.prefix}-TOTAL_FORMS"] = "0"
        data[f"{inline.prefix}-INITIAL_FORMS"] = "0"
    return data


def sent(value: Any) -> Any:
    """A value as a page or a JSON body carries it: a place by its code, a record by its
    number, a day and an amount as text."""
    if isinstance(value, Region):
        return value.code
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def api_body(values: dict[str, Any]) -> dict[str, Any]:
    return {name: sent(value) for name, value in values.items()}


def record(obj: models.Model) -> dict[str, Any]:
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields
            if f.name not in BOOKKEEPING}


def the_one(ledger: type[Ledger]) -> Any:
    found = list(ledger.model._default_manager.all())
    assert len(found) == 1, found
    return found[0]


def test_every_ledger_declares_a_complete_example() -> None:
    for label, ledger in LEDGERS:
        importable = get_importable(label)
        required = {s.name for s in importable.field_specs(importable.make_form(None))
                    if s.required and s.name != "reported_by"}
        assert required <= set(ledger.import_example), (label, required - set(
            ledger.import_example))


@pytest.mark.parametrize(("label", "ledger"), LEDGERS, ids=[label for label, _l in LEDGERS])
def test_the_form_a_sheet_and_the_api_write_the_same_record(
        label, ledger, reference, users, login, bearer, tmp_path, client) -> None:
    user = users["linxiashi_entry"]
    values = values_of(ledger, user)
    importable = get_importable(label)

    # a sheet: the example row under the template's headers
    specs = importable.field_specs(importable.make_form(user))
    header = [s.header for s in specs if s.name in ledger.import_example]
    cells = [ledger.import_example[s.name] for s in specs if s.name in ledger.import_example]
    path = write_xlsx(tmp_path / "example.xlsx", [header, cells])
    result = run_import(importable, user, path, "example.xlsx", commit=True)
    assert result.committed, result.errors
    imported = the_one(ledger)
    entry = AuditEntry.for_object(imported).get(action="create")
    assert entry.actor_id == user.pk
    expected = record(imported)
    actions.delete(user, [imported])

    # the page
    page = login("linxiashi_entry")
    form = ledger.form(instance=ledger.model(), user=user)
    response = page.post(reverse(ledger.url_name("create")), page_data(form, values, ledger))
    assert response.status_code == 302, response.context["form"].errors
    typed = the_one(ledger)
    assert record(typed) == expected
    assert AuditEntry.for_object(typed).get(action="create").actor_id == user.pk
    actions.delete(user, [typed])

    # the API
    headers = bearer("linxiashi_entry")
    url = f"/api/v1/ledgers/{ledger.namespace.replace(':', '-')}/"
    sent = client.post(url, data=json.dumps(api_body(values)), content_type="application/json",
                       headers=headers)
    assert sent.status_code == 201, sent.json()
    written = the_one(ledger)
    assert record(written) == expected
    assert AuditEntry.for_object(written).get(action="create").actor_id == user.pk

    # another county sees nothing of it and cannot change it
    other = login("puge_entry")
    assert other.get(reverse(ledger.url_name("detail"), args=[written.pk])).status_code == 404
    assert other.post(reverse(ledger.url_name("delete"), args=[written.pk])).status_code == 404
    theirs = bearer("puge_entry")
    assert client.get(f"{url}{written.pk}", headers=theirs).status_code == 404
    patch = client.patch(f"{url}{written.pk}", data="{}", content_type="application/json",
                         headers=theirs)
    assert patch.status_code == 404

    # an approved month locks it: the page and the API refuse it
    page = login("linxiashi_entry")
    day = written.record_date()
    assert day is not None
    locks.lock("test:example", written.region, day.replace(day=1), day,
               [ledger.model._meta.label_lower])
    edit = page.post(reverse(ledger.url_name("edit"), args=[written.pk]),
                     {**page_data(form, values, ledger), "seen_version": written.version})
    assert edit.status_code == 200 and "批准锁定" in edit.content.decode()
    locked = client.patch(f"{url}{written.pk}", data="{}", content_type="application/json",
                          headers=headers)
    assert locked.status_code == 409 and locked.json()["code"] == "locked"
    assert page.post(reverse(ledger.url_name("delete"), args=[written.pk])).status_code == 302
    assert ledger.model._default_manager.filter(pk=written.pk).exists()
