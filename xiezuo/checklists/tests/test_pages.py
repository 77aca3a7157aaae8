"""The checklist ledgers and pages seen by the county personas: each county its own rows."""

import datetime as dt

import pytest
from django.urls import reverse

from xiezuo.checklists.ledger import ProblemLedger, TaskLedger, VisitLedger
from xiezuo.checklists.models import Task, TaskStatus
from xiezuo.ledgers.testing import assert_flat_list, assert_sees_only_own

pytestmark = pytest.mark.django_db
LEDGERS = [TaskLedger, ProblemLedger, VisitLedger]
PINS = {TaskLedger: 10, ProblemLedger: 9, VisitLedger: 9}


@pytest.mark.parametrize("ledger", LEDGERS)
def test_it_keeps_each_county_to_its_own_rows(login, make, ledger) -> None:
    linxia = make[ledger]("linxia", "临夏市标记")
    puge = make[ledger]("puge", "普格县标记")
    assert_sees_only_own(login, ledger, linxia, puge, "linxiashi_entry")
    assert_sees_only_own(login, ledger, puge, linxia, "puge_entry")


@pytest.mark.parametrize("ledger", LEDGERS)
def test_it_pins_the_list_query_count(login, make, ledger, django_assert_max_num_queries
                                      ) -> None:
    assert_flat_list(login("linxiashi_entry"), ledger, make[ledger], PINS[ledger],
                     django_assert_max_num_queries)


def test_it_masks_the_household_id_number(login, make) -> None:
    visit = make[VisitLedger]("linxia", "标记")
    page = login("linxiashi_entry").get(reverse("checklists:visits:detail", args=[visit.pk]))
    body = page.content.decode()
    assert "11010519491231002X" not in body and "13912345678" not in body
    assert "1101" in body


def test_the_checklist_shows_only_the_users_tasks_in_flat_queries(
        login, make, django_assert_max_num_queries) -> None:
    for i in range(3):
        make[TaskLedger]("linxia", f"临夏{i}")
    other = make[TaskLedger]("puge", "普格")
    client = login("linxiashi_entry")
    url = reverse("checklists:checklist")
    client.get(url)
    with django_assert_max_num_queries(9):
        page = client.get(url, {"year": 2024})
    for i in range(5):
        make[TaskLedger]("linxia", f"更多{i}")
    with django_assert_max_num_queries(9):
        page = client.get(url, {"year": 2024})
    assert page.status_code == 200
    ids = {t.pk for t in page.context["rows"]}
    assert len(ids) == 8 and other.pk not in ids
    assert other.title not in page.content.decode()
    assert page.context["progress"].total == 8


def test_a_county_cannot_tick_or_reopen_another_countys_task(login, make) -> None:
    other = make[TaskLedger]("puge", "普格")
    client = login("linxiashi_entry")
    assert client.post(reverse("checklists:tick", args=[other.pk])).status_code == 404
    other.status, other.done_on = TaskStatus.DONE, dt.date(2024, 5, 1)
    other.save()
    assert client.post(reverse("checklists:reopen", args=[other.pk])).status_code == 404
    other.refresh_from_db()
    assert other.status == TaskStatus.DONE


def test_a_viewer_cannot_tick(login, make) -> None:
    task = make[TaskLedger]("linxia", "临夏")
    client = login("gansu_viewer")
    assert client.get(reverse("checklists:checklist")).status_code == 200
    assert client.post(reverse("checklists:tick", args=[task.pk])).status_code == 403
    assert Task.objects.get(pk=task.pk).status == TaskStatus.NOT_STARTED


def test_a_county_cannot_clear_another_countys_problem(login, make) -> None:
    other = make[ProblemLedger]("puge", "普格")
    response = login("linxiashi_entry").post(
        reverse("checklists:clear", args=[other.pk]),
        {"cleared_on": "2024-04-01", "clearing_note": "已整改"})
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.cleared_on is None


def test_the_rates_page_counts_only_the_users_problems(login, make) -> None:
    make[ProblemLedger]("linxia", "临夏", due_on=dt.date(2024, 3, 20))
    make[ProblemLedger]("puge", "普格", due_on=dt.date(2024, 3, 20),
                        cleared_on=dt.date(2024, 3, 10), clearing_note="已整改")
    page = login("linxiashi_entry").get(reverse("checklists:rates"), {"year": 2024})
    march = page.context["months"][2]
    assert (march.due, march.cleared) == (1, 0)
    national = login("national").get(reverse("checklists:rates"), {"year": 2024})
    march = national.context["months"][2]
    assert (march.due, march.cleared) == (2, 1)
