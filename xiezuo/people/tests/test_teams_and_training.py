"""组团式 teams (members, home units, protected while they have members) and training."""

import datetime as dt

import pytest

from xiezuo.ledgers.testing import url
from xiezuo.people.ledger import TeamLedger, TrainingLedger
from xiezuo.people.models import Cadre, Team, Training

pytestmark = pytest.mark.django_db


def test_a_team_page_shows_its_members_and_their_schools(login, make, demo) -> None:
    team = make[TeamLedger]("puge", "")
    for i, school in enumerate(["泸县第一中学", "泸县第一中学", "泸县第二中学"]):
        Cadre.objects.create(pairing=team.pairing, region=team.region, name=f"教师{i}",
                             type="education", home_unit=school, host_unit=team.host_unit,
                             team=team, start_date=dt.date(2023, 8, 25))
    client = login("puge_entry")
    r = client.get(url(TeamLedger, "detail", team.pk))
    assert len(r.context["members"]) == 3
    assert r.context["home_units"] == ["泸县第一中学", "泸县第二中学"]
    [row] = client.get(url(TeamLedger, "list")).context["page"].object_list
    assert row.member_count == 3
    r = client.post(url(TeamLedger, "delete", team.pk), follow=True)
    assert "还有关联的干部人才，不能删除" in r.content.decode()
    assert Team.objects.filter(pk=team.pk).exists()


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"end_date": "2024-05-01"}, "end_date", "结束日期不能早于开始日期"),
    ({"participants_poverty": "80"}, "participants_poverty", "不能多于培训人次"),
    ({"participants": "0"}, "participants", "至少为 1"),
])
def test_training_refuses_bad_input(login, demo, changes, field, message) -> None:
    data = {"topic": "家政服务技能培训班", "target_group": "rural_labour", "region": "622901",
            "pairing": "", "start_date": "2024-05-06", "end_date": "2024-05-10",
            "place": "临夏市职业技术学校", "organiser": "joint", "participants": "60",
            "participants_poverty": "35", "notes": ""}
    client = login("linxiashi_entry")
    assert client.post(url(TrainingLedger, "create"), data).status_code == 302
    r = client.post(url(TrainingLedger, "create"), {**data, **changes})
    assert message in r.context["form"].errors[field][0]
    assert Training.objects.count() == 1
    totals = client.get(url(TrainingLedger, "list")).context["columns"]
    assert [t for _c, h, t in totals if h == "培训人次"] == [60]
