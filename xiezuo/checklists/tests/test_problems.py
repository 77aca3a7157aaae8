"""Problems: clearing needs a note; the monthly 清零 rate against figures worked out by hand;
a visit raises a problem pre-filled."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from xiezuo.checklists import actions, checklist
from xiezuo.checklists.ledger import ProblemLedger, VisitLedger
from xiezuo.checklists.models import Problem
from xiezuo.core.models import AuditEntry

pytestmark = pytest.mark.django_db
D = dt.date


def test_clearing_needs_a_note(make, users) -> None:
    problem = make[ProblemLedger]("linxia", "")
    with pytest.raises(ValidationError) as exc:
        actions.clear(problem, D(2024, 3, 20), "  ", users["linxiashi_entry"])
    assert "clearing_note" in exc.value.message_dict
    assert Problem.objects.get(pk=problem.pk).cleared_on is None
    actions.clear(problem, D(2024, 3, 20), "已协调办结", users["linxiashi_entry"])
    problem.refresh_from_db()
    assert (problem.cleared_on, problem.clearing_note) == (D(2024, 3, 20), "已协调办结")
    assert AuditEntry.for_object(problem).filter(action="clear").exists()


def test_clearing_cannot_precede_finding(make, users) -> None:
    problem = make[ProblemLedger]("linxia", "")
    with pytest.raises(ValidationError) as exc:
        actions.clear(problem, D(2024, 3, 1), "已整改", users["linxiashi_entry"])
    assert "cleared_on" in exc.value.message_dict


def test_the_clear_form_says_what_is_missing(login, make) -> None:
    problem = make[ProblemLedger]("linxia", "")
    response = login("linxiashi_entry").post(
        reverse("checklists:clear", args=[problem.pk]), {"cleared_on": "2024-03-20"},
        follow=True)
    assert "整改情况" in response.content.decode()
    problem.refresh_from_db()
    assert problem.cleared_on is None


def test_the_monthly_clearing_rate_by_hand(make) -> None:
    """Seven problems, January to April 2024 (found, due, cleared):

    A  01-05  01-31  01-20   due Jan, cleared in Jan
    B  01-10  01-31  02-10   due Jan, cleared late in Feb
    C  01-15  01-31  —       due Jan, never cleared
    D  01-20  02-29  01-25   due Feb, cleared early in Jan
    E  02-01  02-29  02-29   due Feb, cleared on the last day
    F  02-15  03-31  —       due Mar, open
    G  03-01  04-30  04-01   due Apr, cleared in Apr

    Jan: due A B C            cleared A          1/3
    Feb: due B C (carried), D, E; cleared B D E   3/4
    Mar: due C F              cleared none       0/2
    Apr: due C F G            cleared G          1/3
    """
    rows = [("01-05", "01-31", "01-20"), ("01-10", "01-31", "02-10"), ("01-15", "01-31", None),
            ("01-20", "02-29", "01-25"), ("02-01", "02-29", "02-29"), ("02-15", "03-31", None),
            ("03-01", "04-30", "04-01")]

    def day(text):
        return D.fromisoformat(f"2024-{text}")

    for found, due, cleared in rows:
        make[ProblemLedger]("linxia", "", found_on=day(found), due_on=day(due),
                            cleared_on=day(cleared) if cleared else None,
                            clearing_note="已整改" if cleared else "")
    months = checklist.monthly_rates(Problem.objects.all(), 2024, D(2024, 4, 30))
    assert [(m.due, m.cleared) for m in months] == [(3, 1), (4, 3), (2, 0), (3, 1)]
    assert [m.rate for m in months] == [Decimal(1) / 3, Decimal(3) / 4, Decimal(0),
                                        Decimal(1) / 3]
    assert [m.found for m in months] == [4, 2, 1, 0]
    assert [m.open_at_end for m in months] == [2, 2, 3, 2]  # B C; C F; C F G; C F


def test_a_month_with_nothing_due_has_no_rate(make) -> None:
    make[ProblemLedger]("linxia", "", found_on=D(2024, 3, 5), due_on=D(2024, 6, 30))
    may = checklist.clearing_rates(Problem.objects.all(), [checklist.month_bounds(2024, 5)])[0]
    assert (may.due, may.cleared, may.rate) == (0, 0, None)


def test_a_problem_cleared_early_counts_in_its_due_month_and_not_again(make) -> None:
    make[ProblemLedger]("linxia", "", found_on=D(2023, 12, 20), due_on=D(2024, 2, 15),
                        cleared_on=D(2023, 12, 28), clearing_note="已整改")
    dec, jan, feb, mar = checklist.clearing_rates(Problem.objects.all(), [
        checklist.month_bounds(2023, 12), checklist.month_bounds(2024, 1),
        checklist.month_bounds(2024, 2), checklist.month_bounds(2024, 3)])
    assert (dec.due, jan.due, feb.due, mar.due) == (0, 0, 1, 0)
    assert feb.cleared == 1


def test_the_rates_page_shows_each_month(login, make) -> None:
    make[ProblemLedger]("linxia", "", found_on=D(2024, 1, 5), due_on=D(2024, 1, 31),
                        cleared_on=D(2024, 1, 20), clearing_note="已整改")
    make[ProblemLedger]("linxia", "", found_on=D(2024, 1, 5), due_on=D(2024, 1, 31))
    page = login("linxiashi_entry").get(reverse("checklists:rates"), {"year": 2024})
    assert len(page.context["months"]) == 12
    body = page.content.decode()
    assert "50.0%" in body and "清零率" in body


def test_a_visit_raises_a_problem_prefilled_and_linked(login, make) -> None:
    visit = make[VisitLedger]("linxia", "", findings="饮水管道冬季冻裂")
    client = login("linxiashi_entry")
    detail = client.get(reverse("checklists:visits:detail", args=[visit.pk]))
    raise_url = detail.context["raise_url"]
    form = client.get(raise_url).context["form"]
    assert form.initial["visit"] == str(visit.pk)
    assert form.initial["description"] == "饮水管道冬季冻裂"
    assert form.initial["found_on"] == "2024-03-05"
    office = make["office"]("linxia")
    response = client.post(raise_url, {
        "visit": visit.pk, "source": "visit", "description": "饮水管道冬季冻裂",
        "owner_office": office.pk, "found_on": "2024-03-05", "due_on": "2024-04-05",
        "region": visit.region.code, "next": reverse("checklists:visits:detail",
                                                     args=[visit.pk])})
    assert response.status_code == 302, response.context["form"].errors
    problem = Problem.objects.get(visit=visit)
    assert problem.pairing_id == visit.pairing_id
    detail = client.get(reverse("checklists:visits:detail", args=[visit.pk]))
    assert "饮水管道冬季冻裂" in detail.content.decode()
    assert list(detail.context["problems"]) == [problem]
