"""Social pairings: parties by name, the kinds of party each pairing joins, donations edited on
the pairing's page."""

from decimal import Decimal

import pytest

from xiezuo.core.models import AuditEntry
from xiezuo.ledgers.testing import url
from xiezuo.social.ledger import SocialPairingLedger
from xiezuo.social.models import Donation, Organisation, SocialPairing

pytestmark = pytest.mark.django_db


def rows(*donations, initial=0):
    data = {"donation-TOTAL_FORMS": str(len(donations)),
            "donation-INITIAL_FORMS": str(initial), "donation-MIN_NUM_FORMS": "0",
            "donation-MAX_NUM_FORMS": "1000"}
    for i, d in enumerate(donations):
        data.update({f"donation-{i}-{k}": v for k, v in d.items()})
    return data


def donation(date="2022-06-01", money="5", goods="", goods_value="", **extra):
    return {"date": date, "money_0": money, "money_1": "wan", "goods": goods,
            "goods_value_0": goods_value, "goods_value_1": "wan", **extra}


def pairing_data(*donations, **changes):
    data = {"kind": "village_enterprise", "helper_name": "济南泉城农业发展有限公司",
            "helped_name": "临夏市南龙镇光明村", "region": "临夏市", "pairing": "",
            "start_date": "2022-05-01", "end_date": "", "content": "吸纳就业、订单收购",
            "notes": ""}
    data.update(changes)
    data.update(rows(*donations))
    return data


def test_it_records_a_pairing_with_new_parties_and_donations(login, demo) -> None:
    client = login("linxiashi_entry")
    r = client.post(url(SocialPairingLedger, "create"), pairing_data(
        donation(), donation("2023-01-10", "", "冬衣棉被 300 套", "3"),
        donation("", "0", goods_value="0")))  # a blank row, as the browser sends it
    assert r.status_code == 302, (r.context["form"].errors,
                                  [f.errors for b in r.context["inlines"] for f in b.formset])
    pair = SocialPairing.objects.get()
    assert (pair.helper.kind, pair.helped.kind) == ("enterprise", "village")
    assert pair.helped.region.name == "临夏市"
    assert [(d.money, d.goods_value) for d in pair.donations.all()] == [
        (Decimal("50000"), Decimal("0")), (Decimal("0"), Decimal("30000"))]
    [row] = client.get(url(SocialPairingLedger, "list")).context["page"].object_list
    assert (row.donated_money, row.donated_goods) == (Decimal("50000"), Decimal("30000"))
    detail = client.get(url(SocialPairingLedger, "detail", pair.pk)).content.decode()
    assert "冬衣棉被 300 套" in detail and "捐赠" in detail
    # a known name is the known organisation
    r = client.post(url(SocialPairingLedger, "create"), pairing_data(
        helped_name="临夏市折桥镇团结村", start_date="2023-01-01"))
    assert r.status_code == 302
    assert Organisation.objects.filter(name="济南泉城农业发展有限公司").count() == 1


def test_donations_are_edited_and_deleted_on_the_pairing_page(login, demo) -> None:
    client = login("linxiashi_entry")
    client.post(url(SocialPairingLedger, "create"), pairing_data(donation(), donation(
        "2022-09-01", "2")))
    pair = SocialPairing.objects.get()
    first, second = pair.donations.all()
    form = client.get(url(SocialPairingLedger, "edit", pair.pk))
    assert form.status_code == 200 and "添加一行" in form.content.decode()
    data = pairing_data()
    data.update(rows(donation(money="8", id=str(first.pk)),
                     donation("2022-09-01", "2", id=str(second.pk), DELETE="on"), initial=2))
    r = client.post(url(SocialPairingLedger, "edit", pair.pk), data)
    assert r.status_code == 302, [f.errors for b in r.context["inlines"] for f in b.formset]
    assert [d.money for d in pair.donations.all()] == [Decimal("80000")]
    summary = AuditEntry.objects.filter(content_type__model="socialpairing",
                                        object_id=str(pair.pk)).first()
    assert summary is not None and "捐赠" in summary.changes
    assert "修改" in summary.changes["捐赠"][1] and "删除" in summary.changes["捐赠"][1]


@pytest.mark.parametrize(("changes", "donations", "where", "message"), [
    ({"kind": "school"}, [], "helper_name", "应为学校"),
    ({"helped_name": "济南泉城农业发展有限公司"}, [], "helped_name", "不能相同"),
    ({"end_date": "2021-01-01"}, [], "end_date", "不能早于结对日期"),
    ({}, [donation("2022-01-01")], "date", "早于结对日期"),
    ({}, [donation(money="", goods="")], "money", "捐款金额或捐物内容"),
    ({}, [donation(goods_value="3")], "goods", "写明捐赠的物资"),
])
def test_it_refuses_bad_input_and_saves_nothing(login, demo, changes, donations, where,
                                                message) -> None:
    Organisation.objects.create(name="济南泉城农业发展有限公司", kind="enterprise")
    r = login("linxiashi_entry").post(url(SocialPairingLedger, "create"),
                                      pairing_data(*donations, **changes))
    assert r.status_code == 200
    errors = [r.context["form"].errors.get(where, [])] + [
        f.errors.get(where, []) for b in r.context["inlines"] for f in b.formset]
    assert message in str(errors), (r.context["form"].errors, errors)
    assert not SocialPairing.objects.exists() and not Donation.objects.exists()
    assert Organisation.objects.count() == 1  # the new party is not saved either


def test_the_same_two_parties_are_not_paired_twice_at_once(login, demo) -> None:
    client = login("linxiashi_entry")
    assert client.post(url(SocialPairingLedger, "create"), pairing_data()).status_code == 302
    r = client.post(url(SocialPairingLedger, "create"), pairing_data(start_date="2024-01-01"))
    assert "时间重叠" in r.context["form"].errors["start_date"][0]
