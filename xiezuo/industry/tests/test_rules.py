"""Enterprises attracted and co-built parks: what is refused, and the figures derived."""

from decimal import Decimal

import pytest

from xiezuo.industry.ledger import EnterpriseLedger, ParkLedger
from xiezuo.industry.models import Enterprise, Park
from xiezuo.ledgers.testing import url

pytestmark = pytest.mark.django_db


def enterprise(**changes):
    data = {"name": "泉城食品有限公司", "origin": "370103", "sector": "agri_processing",
            "region": "临夏市", "pairing": "", "project": "牛肉精深加工项目", "park": "",
            "signed_on": "2022-04-01", "started_on": "2023-03-01",
            "agreed_investment_0": "3000", "agreed_investment_1": "wan",
            "actual_investment_0": "1200", "actual_investment_1": "wan", "jobs": "80",
            "jobs_local": "60", "jobs_poverty": "20", "notes": ""}
    data.update(changes)
    return data


def test_it_records_an_enterprise_with_its_arrival_rate(login, demo) -> None:
    client = login("linxiashi_entry")
    r = client.post(url(EnterpriseLedger, "create"), enterprise())
    assert r.status_code == 302, r.context["form"].errors
    saved = Enterprise.objects.get()
    assert saved.origin.name == "市中区" and saved.arrival_rate == Decimal("0.4")
    detail = client.get(url(EnterpriseLedger, "detail", saved.pk)).content.decode()
    assert "40.0%" in detail


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"started_on": "2022-01-01"}, "started_on", "不能早于签约日期"),
    ({"jobs_local": "90"}, "jobs_local", "不能多于带动就业"),
    ({"jobs_poverty": "70"}, "jobs_poverty", "不能多于本地就业"),
    ({"origin": "临夏市"}, "origin", "不是招引企业"),
    ({"origin": "不存在的地方"}, "origin", "找不到"),
    ({"actual_investment_0": "12", "actual_investment_1": "kuai"}, "actual_investment",
     "选择一个有效的选项"),
])
def test_it_refuses_bad_input_and_saves_nothing(login, demo, changes, field, message) -> None:
    r = login("linxiashi_entry").post(url(EnterpriseLedger, "create"), enterprise(**changes))
    assert r.status_code == 200
    assert message in " ".join(r.context["form"].errors.get(field, [])), r.context["form"].errors
    assert not Enterprise.objects.exists()


def test_a_park_lists_its_enterprises_and_adds_them_up(login, make, demo) -> None:
    park = make[ParkLedger]("linxia", "")
    other = make[ParkLedger]("puge", "")
    for n in (1, 2):
        make[EnterpriseLedger]("linxia", "", park=park, jobs=10 * n, jobs_local=5 * n,
                               actual_investment=Decimal(1_000_000 * n))
    client = login("linxiashi_entry")
    [row] = client.get(url(ParkLedger, "list")).context["page"].object_list
    assert (row.enterprise_count, row.enterprise_investment, row.enterprise_jobs) == (
        2, Decimal("3000000"), 30)
    r = client.get(url(ParkLedger, "detail", park.pk))
    assert len(r.context["enterprises"]) == 2 and "登记入园企业" in r.content.decode()
    r = client.post(url(EnterpriseLedger, "create"), enterprise(park=str(other.pk)))
    assert "选择一个有效的选项" in r.context["form"].errors["park"][0]  # not in the user's scope
    r = login("national").post(url(EnterpriseLedger, "create"), enterprise(park=str(other.pk)))
    assert "与企业投资地不符" in r.context["form"].errors["park"][0]
    r = login("linxiashi_entry").post(url(ParkLedger, "delete", park.pk), follow=True)
    assert "不能删除" in r.content.decode() and Park.objects.filter(pk=park.pk).exists()
