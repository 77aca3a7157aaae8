import datetime as dt

import pytest

from xiezuo.core.models import AuditEntry
from xiezuo.projects.actions import TransitionError, advance
from xiezuo.projects.models import Project, Sector, Status
from xiezuo.regions.models import Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(demo):
    return Project.objects.create(
        pairing=demo["pairings"]["lmt-pg"], region=Region.objects.get(code="513428"),
        year=2024, name="螺髻山镇帮扶车间", sector=Sector.objects.get(code="employment"))


def test_it_moves_one_step_at_a_time_with_dates(project, demo) -> None:
    user = demo["users"]["puge_entry"]
    project.donor_consent, project.consent_date = True, dt.date(2024, 2, 1)
    project.save()
    steps = [(Status.APPROVED, dt.date(2024, 3, 1)), (Status.BUILDING, dt.date(2024, 4, 15)),
             (Status.COMPLETED, dt.date(2024, 10, 30)), (Status.ACCEPTED, dt.date(2024, 12, 5)),
             (Status.OPERATING, dt.date(2025, 1, 2))]
    for status, day in steps:
        advance(project, status, day, user, note="按计划推进")
    assert project.status == Status.OPERATING and project.status_date == dt.date(2025, 1, 2)
    assert [t.to_status for t in project.transitions.all()] == [s for s, _ in steps]
    entry = AuditEntry.for_object(project).filter(action="advance").first()
    assert entry.actor == user and entry.changes["status"] == ["accepted", "operating"]
    with pytest.raises(TransitionError, match="最后阶段"):
        advance(project, Status.OPERATING, dt.date(2025, 2, 1), user)


def test_it_refuses_jumps_backdating_future_dates_and_missing_consent(project, demo) -> None:
    user = demo["users"]["puge_entry"]
    with pytest.raises(TransitionError, match="帮扶方同意"):
        advance(project, Status.APPROVED, dt.date(2024, 3, 1), user)
    project.donor_consent, project.consent_date = True, dt.date(2024, 2, 1)
    project.save()
    with pytest.raises(TransitionError, match="不能直接到「完工」"):
        advance(project, Status.COMPLETED, dt.date(2024, 3, 1), user)
    advance(project, Status.APPROVED, dt.date(2024, 3, 1), user)
    with pytest.raises(TransitionError, match="不能早于上一次"):
        advance(project, Status.BUILDING, dt.date(2024, 2, 1), user)
    with pytest.raises(TransitionError, match="晚于今天"):
        advance(project, Status.BUILDING, dt.date.today() + dt.timedelta(days=1), user)
    project.refresh_from_db()
    assert project.status == Status.APPROVED and project.transitions.count() == 1


def test_budget_total_adds_every_source(project) -> None:
    from decimal import Decimal

    project.budget_fiscal, project.budget_social = Decimal("1000000"), Decimal("200000.50")
    project.budget_local = Decimal("0.50")
    assert project.budget_total == Decimal("1200001.00")
