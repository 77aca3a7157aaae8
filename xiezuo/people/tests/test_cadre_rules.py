"""Entering cadres and talent: what is refused, with what message, and that nothing is saved."""

import datetime as dt
import random

import pytest

from xiezuo.core.models import AuditEntry
from xiezuo.core.personal import fake_id_number
from xiezuo.ledgers.testing import url
from xiezuo.people.ledger import CadreLedger
from xiezuo.people.models import Cadre, Team

pytestmark = pytest.mark.django_db
ID = fake_id_number(random.Random(1), "3701", dt.date(1985, 4, 12))


def _post(client, **changes):
    data = {"name": "李明", "id_number": ID, "phone": "", "direction": "east_west",
            "type": "medical", "region": "临夏市", "pairing": "", "home_unit": "济南市市中人民医院",
            "host_unit": "临夏市人民医院", "post": "副院长", "team": "",
            "start_date": "2023-03-01", "end_date": "2024-02-29", "notes": ""}
    data.update(changes)
    return client.post(url(CadreLedger, "create"), data)


def test_it_records_a_posting_with_the_pairing_found_from_place_and_date(login, demo) -> None:
    client = login("linxiashi_entry")
    r = _post(client)
    assert r.status_code == 302, r.context["form"].errors
    cadre = Cadre.objects.get(name="李明")
    assert cadre.pairing == demo["pairings"]["szq-lxs"] and cadre.id_number == ID
    entry = AuditEntry.objects.get(object_id=str(cadre.pk), content_type__model="cadre")
    assert entry.action == "create"
    assert entry.changes["id_number"][1] == f"{ID[:4]}{'*' * 10}{ID[-4:]}"


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"end_date": "2023-02-01"}, "end_date", "结束日期不能早于开始日期"),
    ({"id_number": ID[:-1] + ("0" if ID[-1] != "0" else "1")}, "id_number", "校验位不正确"),
    ({"id_number": "51342819900230123X"}, "id_number", "出生日期"),
    ({"id_number": "1234"}, "id_number", "18 位"),
    ({"phone": "12345"}, "phone", "电话号码"),
    ({"region": "370103", "direction": "east_west", "pairing": "{szq}"}, "region",
     "应在受援方"),
    ({"start_date": "2010-03-01", "end_date": "2011-01-01"}, "region", "没有有效的结对"),
])
def test_it_refuses_bad_input_and_saves_nothing(login, demo, changes, field, message) -> None:
    if changes.get("pairing") == "{szq}":
        changes["pairing"] = str(demo["pairings"]["szq-lxs"].pk)
    client = login("linxiashi_entry")
    r = _post(client, **changes)
    assert r.status_code == 200
    assert message in " ".join(r.context["form"].errors.get(field, [])), r.context["form"].errors
    assert not Cadre.objects.exists()


def test_a_person_cannot_be_dispatched_twice_at_once(login, demo) -> None:
    client = login("linxiashi_entry")
    assert _post(client).status_code == 302
    # the same ID number, another unit, overlapping dates
    r = _post(client, home_unit="济南市第三人民医院", start_date="2024-01-01", end_date="")
    assert "派出时间不能重叠" in r.context["form"].errors["start_date"][0]
    # without an ID number: the same name and home unit
    r = _post(client, id_number="", start_date="2023-12-01", end_date="2024-06-30")
    assert "2023-03-01 至 2024-02-29" in r.context["form"].errors["start_date"][0]
    assert Cadre.objects.count() == 1
    # the next posting, after the first one ended, is fine
    assert _post(client, start_date="2024-03-01", end_date="2025-02-28").status_code == 302
    assert Cadre.objects.count() == 2


def test_an_open_posting_blocks_any_later_one(login, demo) -> None:
    client = login("linxiashi_entry")
    assert _post(client, end_date="").status_code == 302
    r = _post(client, start_date="2030-01-01", end_date="2030-06-30")
    assert "至今" in r.context["form"].errors["start_date"][0]


def test_a_west_east_posting_is_served_on_the_donor_side(login, demo) -> None:
    client = login("linxiashi_entry")
    r = _post(client, direction="west_east", region="370103", home_unit="临夏市人民医院",
              host_unit="济南市市中人民医院", post="跟岗学习")
    assert r.status_code == 302, r.context["form"].errors
    cadre = Cadre.objects.get()
    assert cadre.pairing == demo["pairings"]["szq-lxs"] and cadre.region.name == "市中区"
    r = _post(client, name="王芳", direction="west_east", region="临夏市")
    assert "应在帮扶方" in r.context["form"].errors["region"][0]


def test_a_team_member_serves_where_the_team_is(login, demo) -> None:
    from xiezuo.regions.models import Region

    team = Team.objects.create(pairing=demo["pairings"]["zq-jss"], name="积石山县中学团队",
                               region=Region.objects.get(code="622927"), host_unit="积石山县中学",
                               start_date=dt.date(2023, 8, 25))
    client = login("national")
    r = _post(client, team=str(team.pk))
    assert "与本人所在地区不同" in r.context["form"].errors["team"][0]
    r = _post(client, team=str(team.pk), region="积石山县", type="education",
              host_unit="积石山县中学")
    assert r.status_code == 302, r.context["form"].errors
    assert Cadre.objects.get().team == team
