"""Purchases and help-to-sell are never added together; amounts in the wrong unit, and buyers
on channels they cannot use, are refused."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from xiezuo.consumption.ledger import ConsumptionLedger
from xiezuo.consumption.models import Consumption
from xiezuo.ledgers.testing import export_text, url

pytestmark = pytest.mark.django_db


def entry(**changes):
    data = {"date": "2024-05-20", "kind": "purchase", "region": "临夏市", "pairing": "",
            "buyer_type": "government", "buyer": "济南市市中区机关事务服务中心",
            "channel": "canteen", "category": "meat_egg", "product": "手抓羊肉",
            "supplier": "临夏市某合作社", "amount_0": "12", "amount_1": "wan", "notes": ""}
    data.update(changes)
    return data


def test_it_records_an_entry_in_the_unit_typed(login, demo) -> None:
    client = login("linxiashi_entry")
    r = client.post(url(ConsumptionLedger, "create"), entry())
    assert r.status_code == 302, r.context["form"].errors
    saved = Consumption.objects.get()
    assert saved.amount == Decimal("120000.00") and saved.pairing == demo["pairings"]["szq-lxs"]


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"amount_0": "5000", "amount_1": "yi"}, "amount", "超过单笔上限"),
    ({"amount_0": "12.5", "amount_1": "yuan"}, "amount", "是否应以万元填写"),
    ({"amount_0": "0.001", "amount_1": "yuan"}, "amount", "精确到分"),
    ({"amount_0": "-3", "amount_1": "wan"}, "amount", "负数"),
    ({"amount_0": "十二", "amount_1": "wan"}, "amount", "不是数字金额"),
    ({"buyer_type": "individual", "channel": "canteen"}, "channel", "个人购买"),
    ({"buyer_type": "enterprise", "channel": "platform_832"}, "buyer_type", "832平台"),
    ({"date": "2015-05-20"}, "region", "没有有效的结对"),
])
def test_it_refuses_bad_input_and_saves_nothing(login, demo, changes, field, message) -> None:
    r = login("linxiashi_entry").post(url(ConsumptionLedger, "create"), entry(**changes))
    assert r.status_code == 200
    assert message in " ".join(r.context["form"].errors.get(field, [])), r.context["form"].errors
    assert not Consumption.objects.exists()


def test_purchases_and_help_to_sell_are_never_added_together(login, make) -> None:
    make[ConsumptionLedger]("linxia", "", amount=Decimal("100000"))
    make[ConsumptionLedger]("linxia", "", amount=Decimal("50000"))
    make[ConsumptionLedger]("linxia", "", kind="help_sell", buyer_type="individual",
                            channel="ecommerce", amount=Decimal("30000"))
    client = login("linxiashi_entry")
    r = client.get(url(ConsumptionLedger, "list"))
    cards = {str(k): v for k, v, _c in r.context["summary"]}
    assert cards["采购"] == Decimal("150000") and cards["帮助销售"] == Decimal("30000")
    assert cards["采购笔数"] == 2 and cards["帮助销售笔数"] == 1
    amount = next(t for c, _h, t in r.context["columns"] if c.path == "amount")
    assert amount is None  # mixed rows: no grand total
    last = export_text(client, ConsumptionLedger, "csv").splitlines()[-1].split(",")
    assert last[0] == "合计" and not any(last[1:])
    r = client.get(url(ConsumptionLedger, "list"), {"kind": "purchase"})
    amount = next(t for c, _h, t in r.context["columns"] if c.path == "amount")
    assert amount == Decimal("150000")
    last = export_text(client, ConsumptionLedger, "csv", kind="purchase").splitlines()[-1]
    assert last.split(",")[:1] == ["合计"] and "15" in last.split(",")  # 15 万元


def test_evidence_is_attached_and_filterable(login, make) -> None:
    with_evidence = make[ConsumptionLedger]("linxia", "")
    make[ConsumptionLedger]("linxia", "")
    client = login("linxiashi_entry")
    upload = SimpleUploadedFile("发票.pdf", b"%PDF-1.4 invoice", content_type="application/pdf")
    client.post(url(ConsumptionLedger, "attach", with_evidence.pk),
                {"file": upload, "kind": "evidence", "title": "采购发票"})
    rows = client.get(url(ConsumptionLedger, "list"), {"evidence": "true"}).context["page"]
    assert [o.pk for o in rows] == [with_evidence.pk]
    assert rows[0].evidence_count == 1
    rows = client.get(url(ConsumptionLedger, "list"), {"evidence": "false"}).context["page"]
    assert with_evidence.pk not in [o.pk for o in rows] and len(rows) == 1
