"""Entering labourers and counts: ID numbers checked, one record per person and year, incomes
in the right unit, a place reporting one way or the other, count periods that do not overlap."""

import datetime as dt

import pytest

from xiezuo.labour.ledger import LabourCountLedger, LabourRecordLedger
from xiezuo.labour.models import LabourCount, LabourRecord
from xiezuo.labour.tests.conftest import new_id
from xiezuo.ledgers.testing import url

pytestmark = pytest.mark.django_db


def person(**changes):
    data = {"year": "2024", "name": "马小梅", "id_number": new_id(), "phone": "13912345678",
            "region": "临夏市", "pairing": "", "village": "折桥镇团结村", "status": "poverty",
            "destination": "donor", "workplace": "济南市", "employer": "济南某食品有限公司",
            "start_date": "2024-03-01", "monthly_income_0": "4200", "monthly_income_1": "yuan",
            "organised": "on", "training_base": "", "notes": ""}
    data.update(changes)
    return data


def test_it_records_a_labourer(login, demo) -> None:
    id_number = next(n for n in iter(new_id, None) if n.endswith("X"))
    typed = f"{id_number[:6]} {id_number[6:14]} {id_number[14:]}".lower()
    client = login("linxiashi_entry")
    r = client.post(url(LabourRecordLedger, "create"), person(id_number=typed))
    assert r.status_code == 302, r.context["form"].errors
    record = LabourRecord.objects.get()
    assert record.pairing == demo["pairings"]["szq-lxs"]
    assert record.monthly_income == 4200
    assert record.id_number == id_number  # spaces dropped, x upper-cased


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"id_number": "622901199001011230"}, "id_number", "校验位不正确"),
    ({"id_number": "62290119900101123"}, "id_number", "18 位"),
    ({"id_number": "622901900101123"}, "id_number", "15 位旧身份证号"),
    ({"id_number": "992901199001011234"}, "id_number", "省级区划代码"),
    ({"id_number": "622901199013011234"}, "id_number", "出生日期"),
    ({"monthly_income_0": "4200", "monthly_income_1": "wan"}, "monthly_income", "金额单位"),
    ({"monthly_income_0": "0.42", "monthly_income_1": "yuan"}, "monthly_income", "金额单位"),
    ({"start_date": "2025-02-01"}, "start_date", "晚于统计年度"),
    ({"region": "普格县"}, "region", "没有有效的结对"),
])
def test_it_refuses_bad_input_and_saves_nothing(login, demo, changes, field, message) -> None:
    client = login("linxiashi_entry")
    r = client.post(url(LabourRecordLedger, "create"), person(**changes))
    assert r.status_code == 200
    errors = r.context["form"].errors
    assert message in " ".join(errors.get(field, [])), errors
    assert not LabourRecord.objects.exists()


def test_a_child_is_not_recorded_as_a_labourer(login, demo) -> None:
    import random

    from xiezuo.core.personal import fake_id_number

    child = fake_id_number(random.Random(3), "6229", dt.date(2012, 6, 1))
    r = login("linxiashi_entry").post(url(LabourRecordLedger, "create"),
                                      person(id_number=child))
    assert "未满 16 周岁" in r.context["form"].errors["id_number"][0]


def test_one_person_is_recorded_once_a_year(login, demo) -> None:
    """Even when the first record is in another county the user cannot see."""
    id_number = new_id()
    login("puge_entry").post(url(LabourRecordLedger, "create"),
                             person(id_number=id_number, region="普格县", village="普基镇"))
    assert LabourRecord.objects.count() == 1
    client = login("linxiashi_entry")
    r = client.post(url(LabourRecordLedger, "create"), person(id_number=id_number))
    message = r.context["form"].errors["id_number"][0]
    assert "已有劳务协作记录" in message and "普格" not in message
    assert LabourRecord.objects.count() == 1
    next_year = person(id_number=id_number, year="2025", start_date="2025-01-10")
    assert client.post(url(LabourRecordLedger, "create"), next_year).status_code == 302


def count(**changes):
    data = {"year": "2024", "region": "积石山县", "pairing": "", "period_start": "2024-01-01",
            "period_end": "2024-06-30", "destination": "near_home", "persons": "120",
            "persons_poverty": "80", "persons_monitored": "5", "persons_organised": "30",
            "notes": ""}
    data.update(changes)
    return data


def test_counts_add_up_and_do_not_overlap(login, demo) -> None:
    client = login("national")
    assert client.post(url(LabourCountLedger, "create"), count()).status_code == 302
    r = client.post(url(LabourCountLedger, "create"), count(period_start="2024-06-01",
                                                             period_end="2024-11-30"))
    assert "期间重叠" in r.context["form"].errors["period_start"][0]
    assert client.post(url(LabourCountLedger, "create"), count(
        period_start="2024-07-01", period_end="2024-11-30")).status_code == 302
    assert client.post(url(LabourCountLedger, "create"), count(
        destination="donor")).status_code == 302  # another destination may share the period
    for changes, field in (({"persons_poverty": "121"}, "persons_poverty"),
                           ({"period_end": "2023-12-31"}, "period_end"),
                           ({"period_end": "2025-01-31"}, "period_start")):
        r = client.post(url(LabourCountLedger, "create"), count(
            period_start="2024-12-01", **({"period_end": "2024-12-31"} | changes)))
        assert field in r.context["form"].errors, changes
    assert LabourCount.objects.count() == 3


def test_a_place_reports_per_person_or_as_counts_not_both(login, demo) -> None:
    client = login("national")
    assert client.post(url(LabourCountLedger, "create"), count(region="临夏市")).status_code == 302
    r = client.post(url(LabourRecordLedger, "create"), person())
    assert "已按汇总数填报" in r.context["form"].errors["region"][0]
    assert client.post(url(LabourRecordLedger, "create"), person(
        year="2023", start_date="2023-04-01")).status_code == 302
    r = client.post(url(LabourCountLedger, "create"), count(region="临夏市", year="2023",
                                                             period_start="2023-01-01",
                                                             period_end="2023-06-30"))
    assert "已逐人登记" in r.context["form"].errors["region"][0]
