"""Who may change what (issue: a donor office admin edited a 临夏市 project): a row is
changed only by the side that reported it and the offices above that side; the other side
reads it. The national assessment is run by a national administrator only."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from xiezuo.core.scoping import Action, Scope
from xiezuo.funds.models import FundMovement
from xiezuo.projects.forms import ProjectForm
from xiezuo.projects.models import Project, Sector
from xiezuo.regions.models import Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def linxia(demo):
    pairing = demo["pairings"]["szq-lxs"]  # 济南市市中区 → 临夏市
    region = Region.objects.get(code="622901", valid_to__isnull=True)
    project = Project.objects.create(pairing=pairing, region=region, year=2024,
                                     name="折桥镇冷链仓储", budget_fiscal=Decimal("300000"),
                                     sector=Sector.objects.get(code="industry"))

    def move(side, kind="transfer"):
        return FundMovement.objects.create(
            pairing=pairing, region=region, year=2024, date=dt.date(2024, 5, 1), type=kind,
            amount=Decimal("300000"), reported_by=side)

    return {"project": project, "donor_move": move("donor"), "recipient_move": move("recipient")}


def test_the_donor_reads_a_recipient_project_and_cannot_change_it(login, linxia) -> None:
    project = linxia["project"]
    client = login("jinan_admin")
    assert client.get(reverse("projects:detail", args=[project.pk])).status_code == 200
    assert not client.get(reverse("projects:detail", args=[project.pk])).context["can_change"]
    assert client.get(reverse("projects:edit", args=[project.pk])).status_code == 403
    r = client.post(reverse("projects:edit", args=[project.pk]), {"name": "改了"})
    assert r.status_code == 403
    assert client.post(reverse("projects:delete", args=[project.pk])).status_code == 403
    project.refresh_from_db()
    assert project.name == "折桥镇冷链仓储"
    assert client.post(reverse("projects:attach", args=[project.pk])).status_code == 403


def test_the_recipient_and_the_offices_above_it_change_it(login, linxia, demo) -> None:
    project = linxia["project"]
    for username in ("linxiashi_entry", "national"):
        assert Scope.of(demo["users"][username]).covers(project, Action.CHANGE), username
        r = login(username).get(reverse("projects:edit", args=[project.pk]))
        assert r.status_code == 200, username
    assert not Scope.of(demo["users"]["jinan_admin"]).covers(project, Action.CHANGE)
    assert not Scope.of(demo["users"]["shandong_admin"]).covers(project, Action.DELETE)


def test_fund_movements_belong_to_the_side_that_reported_them(demo, linxia) -> None:
    users = demo["users"]
    donor_move, recipient_move = linxia["donor_move"], linxia["recipient_move"]
    for name in ("jinan_admin", "linxiashi_entry"):  # both sides read both
        assert set(FundMovement.objects.restrict(users[name], Action.VIEW)) >= {
            donor_move, recipient_move}
    assert list(FundMovement.objects.restrict(users["jinan_admin"], Action.CHANGE)) == [
        donor_move]
    assert list(FundMovement.objects.restrict(users["linxiashi_entry"], Action.CHANGE)) == [
        recipient_move]
    assert Scope.of(users["jinan_admin"]).covers(donor_move, Action.CHANGE)
    assert not Scope.of(users["jinan_admin"]).covers(recipient_move, Action.CHANGE)
    assert not Scope.of(users["linxiashi_entry"]).covers(donor_move, Action.DELETE)


def test_the_other_side_gets_403_on_the_pages_of_a_movement(login, linxia) -> None:
    donor_move = linxia["donor_move"]
    client = login("linxiashi_entry")
    assert client.get(reverse("funds:detail", args=[donor_move.pk])).status_code == 200
    assert client.get(reverse("funds:edit", args=[donor_move.pk])).status_code == 403
    assert client.post(reverse("funds:delete", args=[donor_move.pk])).status_code == 403
    assert login("jinan_admin").get(
        reverse("funds:edit", args=[donor_move.pk])).status_code == 200


def test_a_donor_office_cannot_enter_a_project_in_the_recipient_county(demo) -> None:
    form = ProjectForm({"year": 2024, "name": "济南代录项目", "region": "临夏市",
                        "sector": Sector.objects.get(code="industry").pk, "status": "planned"},
                       user=demo["users"]["jinan_admin"])
    assert not form.is_valid()
    assert "本单位数据范围" in str(form.errors)


def test_only_a_national_administrator_runs_the_assessment(login, demo) -> None:
    from xiezuo.assessment.models import Scheme

    scheme = Scheme.objects.create(name="2024年度考核", year=2024)
    for username in ("shandong_admin", "jinan_admin", "gansu_approver"):
        assert not Scope.of(demo["users"][username]).is_national_admin
        r = login(username).post(reverse("assessment:scheme_run", args=[scheme.pk]))
        assert r.status_code == 403, username
    assert Scope.of(demo["users"]["national"]).is_national_admin
