"""The one road of a ledger row (``ledgers/actions.py``): scope, locks, versions, audit and
figures, the same for every caller; and nothing else writes ledger rows behind its back.

linxiashi_entry: data entry in 临夏市        puge_entry: data entry in 普格县
national:        the national administrator
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import connection
from django.db.models.signals import post_delete, post_save, pre_save
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from xiezuo.consumption.models import Consumption
from xiezuo.core.models import Attachment, AuditEntry
from xiezuo.ledgers import actions, figures, locks
from xiezuo.ledgers.declare import declared_ledgers
from xiezuo.ledgers.models import LedgerFigure
from xiezuo.ledgers.testing import county

pytestmark = pytest.mark.django_db


def purchase(demo: dict[str, Any], where: str = "linxia", day: dt.date = dt.date(2024, 10, 12),
             amount: str = "120000") -> Consumption:
    pairing, region = county(demo, where)
    return Consumption(pairing=pairing, region=region, date=day, kind="purchase",
                       buyer_type="government", buyer="济南市市中区机关事务服务中心",
                       channel="canteen", category="meat_egg", product="手抓羊肉",
                       amount=Decimal(amount))


def test_it_writes_with_the_actor_in_the_audit_log(demo, users) -> None:
    row = actions.save(users["linxiashi_entry"], purchase(demo))
    entry = AuditEntry.for_object(row).get()
    assert (entry.action, entry.actor_id) == ("create", users["linxiashi_entry"].pk)
    rows = actions.write(users["linxiashi_entry"], [purchase(demo, amount=str(n))
                                                   for n in (1, 2, 3)])
    assert all(AuditEntry.for_object(r).get().actor_label == "linxiashi_entry" for r in rows)


def test_it_refuses_another_countys_row_and_writes_nothing(demo, users) -> None:
    ours, theirs = purchase(demo), purchase(demo, "puge")
    with pytest.raises(PermissionDenied):
        actions.write(users["linxiashi_entry"], [ours, theirs])
    assert not Consumption.objects.exists()
    with pytest.raises(PermissionDenied):  # a viewer may not write at all
        actions.save(users["gansu_viewer"], purchase(demo))


def test_a_locked_period_refuses_writes_deletes_and_files(demo, users) -> None:
    entry = users["linxiashi_entry"]
    row = actions.save(entry, purchase(demo))
    _pairing, region = county(demo, "linxia")
    locks.lock("test:october", region.parent, dt.date(2024, 10, 1), dt.date(2024, 10, 31),
               ["consumption.consumption"], by=users["national"])
    row.product = "改"
    with pytest.raises(ValidationError, match="批准锁定"):
        actions.save(entry, row)
    with pytest.raises(ValidationError, match="批准锁定"):
        actions.delete(entry, [Consumption.objects.get(pk=row.pk)])
    with pytest.raises(ValidationError, match="批准锁定"):  # evidence stays as approved
        actions.attach(entry, row, ContentFile(b"x", name="a.txt"), kind="evidence")
    with pytest.raises(ValidationError, match="批准锁定"):  # moving a row into the period
        actions.save(entry, purchase(demo, day=dt.date(2024, 10, 30)))
    assert Consumption.objects.get(pk=row.pk).product == "手抓羊肉"
    assert not Attachment.objects.exists()
    locks.release("test:october")
    actions.attach(entry, Consumption.objects.get(pk=row.pk), ContentFile(b"x", name="a.txt"),
                   kind="evidence")
    assert Attachment.objects.count() == 1


def test_files_cannot_be_taken_off_a_locked_row_in_the_page(demo, users, login) -> None:
    entry = users["linxiashi_entry"]
    row = actions.save(entry, purchase(demo))
    attachment = actions.attach(entry, row, ContentFile(b"x", name="a.txt"), kind="evidence")
    _pairing, region = county(demo, "linxia")
    locks.lock("test:october", region, dt.date(2024, 10, 1), dt.date(2024, 10, 31),
               ["consumption.consumption"])
    client = login("linxiashi_entry")
    page = client.post(reverse("consumption:attachment_delete", args=[row.pk, attachment.pk]),
                       follow=True)
    assert "批准锁定" in page.content.decode()
    upload = client.post(reverse("consumption:attach", args=[row.pk]),
                         {"file": ContentFile(b"%PDF-1.4 y", name="b.pdf"), "kind": "evidence"},
                         follow=True)
    assert "批准锁定" in upload.content.decode()
    assert list(Attachment.objects.values_list("pk", flat=True)) == [attachment.pk]


def test_a_stale_edit_is_refused_with_the_other_persons_changes(demo, users, login) -> None:
    entry = users["linxiashi_entry"]
    row = actions.save(entry, purchase(demo))
    client = login("linxiashi_entry")
    url = reverse("consumption:edit", args=[row.pk])
    form = client.get(url).context["form"]
    assert form["seen_version"].value() == 1
    theirs = Consumption.objects.get(pk=row.pk)
    theirs.product = "牦牛肉"
    actions.save(users["national"], theirs, seen=1)  # someone else saves first
    data = {"date": "2024-10-12", "kind": "purchase", "region": "622901",
            "pairing": row.pairing_id, "buyer_type": "government", "buyer": "某单位",
            "channel": "canteen", "category": "meat_egg", "product": "手抓羊肉（特级）",
            "supplier": "", "amount_0": "12", "amount_1": "wan", "notes": "",
            "seen_version": "1"}
    page = client.post(url, data)
    text = page.content.decode()
    assert page.status_code == 200 and "已被他人修改" in text
    assert "牦牛肉" in text  # what the other person changed is shown
    assert Consumption.objects.get(pk=row.pk).product == "牦牛肉"
    data["seen_version"] = "2"  # opened again on the latest version
    assert client.post(url, data).status_code == 302
    assert Consumption.objects.get(pk=row.pk).product == "手抓羊肉（特级）"


def test_it_keeps_the_figures_of_what_it_writes(demo, users) -> None:
    measure = figures.measure("consumption.Consumption", "sum", "amount", {})
    figures.build([measure])
    entry = users["linxiashi_entry"]
    row = actions.save(entry, purchase(demo, amount="100"))

    def total() -> Decimal:
        return sum((f.value for f in LedgerFigure.objects.filter(measure=measure)), Decimal(0))

    assert total() == 100
    row.amount = Decimal(250)
    actions.save(entry, row)
    assert total() == 250
    actions.write(entry, [purchase(demo, amount="5"), purchase(demo, amount="7")])
    assert total() == 262
    actions.delete(entry, [row])
    assert total() == 12


def test_no_ledger_is_followed_by_signal_receivers() -> None:
    for label, ledger in declared_ledgers().items():
        for signal in (pre_save, post_save, post_delete):
            assert not signal.has_listeners(ledger.model), (label, signal)


def test_the_admin_writes_no_ledger_row() -> None:
    """The ledger pages are the admin of the ledgers: none is registered in Django's admin,
    whose save would bypass the write action."""
    registered = {model._meta.label_lower for model in admin.site._registry}
    assert not registered & set(declared_ledgers())


def test_reading_ledger_pages_writes_nothing(demo, users, login) -> None:
    actions.save(users["linxiashi_entry"], purchase(demo))
    client = login("national")
    urls = []
    for ledger in declared_ledgers().values():
        urls.append(reverse(ledger.url_name("list")))
        first = ledger.model._default_manager.order_by("pk").first()
        if first is not None:
            urls.append(reverse(ledger.url_name("detail"), args=[first.pk]))
    for url in urls:
        with CaptureQueriesContext(connection) as seen:
            assert client.get(url).status_code == 200, url
        writes = [q["sql"] for q in seen if q["sql"].split()[0].upper() in
                  {"INSERT", "UPDATE", "DELETE"} and "django_session" not in q["sql"]]
        assert writes == [], url


@pytest.mark.skipif(not connection.features.has_select_for_update,
                    reason="SQLite writes one transaction at a time: no row locks to order")
def test_every_write_takes_the_chain_head_before_any_row(demo, users) -> None:
    """Writers lock in one order — the audit chain's head, then rows — so two writers never
    hold one each and wait for the other (PostgreSQL would end such a deadlock by failing
    one of them: a 500 under load)."""
    entry = users["linxiashi_entry"]
    row = actions.save(entry, purchase(demo))

    def locked_tables(do: Any) -> list[str]:
        with CaptureQueriesContext(connection) as seen:
            do()
        return [q["sql"].split(" FROM ", 1)[1].split()[0].strip('"')
                for q in seen.captured_queries if q["sql"].rstrip().endswith("FOR UPDATE")]

    for do in (lambda: actions.save(entry, Consumption.objects.get(pk=row.pk), seen=1),
               lambda: actions.write(entry, [purchase(demo, amount="7")]),
               lambda: actions.delete(entry, [Consumption.objects.get(pk=row.pk)])):
        tables = locked_tables(do)
        assert tables and tables[0] == "core_auditchainhead", tables
