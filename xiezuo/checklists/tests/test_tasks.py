"""Tasks: the status shown (overdue derived), ticking off, and tasks from agreements/meetings."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from xiezuo.checklists import actions, checklist
from xiezuo.checklists.ledger import TaskLedger
from xiezuo.checklists.models import Task, TaskSource, TaskState, TaskStatus
from xiezuo.core.models import AuditEntry
from xiezuo.ledgers.testing import county
from xiezuo.meetings.models import Agreement, Meeting

pytestmark = pytest.mark.django_db
D = dt.date


def test_it_derives_overdue_from_deadline_and_not_done(make) -> None:
    task = make[TaskLedger]("linxia", "", deadline=D(2024, 6, 30))
    assert task.state_on(D(2024, 6, 30)) == TaskState.NOT_STARTED  # the deadline day itself
    assert task.state_on(D(2024, 7, 1)) == TaskState.OVERDUE
    task.status = TaskStatus.IN_PROGRESS
    assert task.state_on(D(2024, 7, 1)) == TaskState.OVERDUE
    task.status, task.done_on = TaskStatus.DONE, D(2024, 7, 5)
    assert task.state_on(D(2024, 8, 1)) == TaskState.DONE  # done late is done, not overdue


def test_the_queryset_agrees_with_the_instance(make) -> None:
    late = make[TaskLedger]("linxia", "", deadline=D(2024, 5, 31))
    ontime = make[TaskLedger]("linxia", "", deadline=D(2024, 7, 31),
                              status=TaskStatus.IN_PROGRESS)
    done = make[TaskLedger]("linxia", "", deadline=D(2024, 5, 31), status=TaskStatus.DONE,
                            done_on=D(2024, 6, 2))
    today = D(2024, 6, 15)
    assert set(Task.objects.overdue(today)) == {late}
    states = dict(Task.objects.with_state(today).values_list(  # type: ignore[misc]
        "pk", "current_state"))
    assert states == {late.pk: "overdue", ontime.pk: "in_progress", done.pk: "done"}
    # as things stood on 1 June the done task was overdue too
    assert set(Task.objects.overdue_on(D(2024, 6, 1))) == {late, done}
    p = checklist.progress(Task.objects.all(), today)
    assert (p.total, p.done, p.overdue) == (3, 1, 1)


def test_done_needs_a_date_and_only_done_has_one(make) -> None:
    task = make[TaskLedger]("linxia", "")
    task.status = TaskStatus.DONE
    with pytest.raises(ValidationError) as exc:
        task.full_clean()
    assert "done_on" in exc.value.message_dict
    task.status, task.done_on = TaskStatus.IN_PROGRESS, D(2024, 5, 1)
    with pytest.raises(ValidationError):
        task.full_clean()


def test_ticking_marks_done_with_the_date_and_is_audited(login, make) -> None:
    task = make[TaskLedger]("linxia", "")
    client = login("linxiashi_entry")
    response = client.post(reverse("checklists:tick", args=[task.pk]),
                           {"done_on": "2024-06-20"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    body = response.content.decode()
    assert f'id="task-{task.pk}"' in body and "2024-06-20" in body
    assert 'hx-swap-oob="true"' in body  # the progress figures come back with the row
    task.refresh_from_db()
    assert (task.status, task.done_on) == (TaskStatus.DONE, D(2024, 6, 20))
    entry = AuditEntry.for_object(task).filter(action="tick").get()
    assert entry.changes["status"] == ["not_started", "done"]
    assert entry.changes["done_on"] == [None, "2024-06-20"]
    assert entry.actor_label
    client.post(reverse("checklists:reopen", args=[task.pk]))
    task.refresh_from_db()
    assert (task.status, task.done_on) == (TaskStatus.IN_PROGRESS, None)
    assert AuditEntry.for_object(task).filter(action="reopen").exists()


def test_ticking_before_the_tasks_year_is_refused(make, users) -> None:
    task = make[TaskLedger]("linxia", "")
    with pytest.raises(ValidationError):
        actions.tick(task, D(2023, 12, 31), users["linxiashi_entry"])
    task.refresh_from_db()
    assert task.status == TaskStatus.NOT_STARTED


def test_the_checklist_page_ticks_item_by_item(login, make) -> None:
    tasks = [make[TaskLedger]("linxia", "", deadline=D(2024, 1, 31)) for _ in range(3)]
    client = login("linxiashi_entry")
    page = client.get(reverse("checklists:checklist"), {"year": 2024})
    assert page.context["progress"].done == 0 and page.context["progress"].overdue == 3
    body = page.content.decode()
    assert body.count("勾销完成") >= 3
    client.post(reverse("checklists:tick", args=[tasks[0].pk]),
                {"done_on": "2024-01-20", "year": "2024"})
    page = client.get(reverse("checklists:checklist"), {"year": 2024})
    p = page.context["progress"]
    assert (p.total, p.done, p.overdue) == (3, 1, 2)


def test_the_task_list_filters_overdue(login, make) -> None:
    late = make[TaskLedger]("linxia", "", deadline=D(2020, 12, 31), year=2020)
    later = make[TaskLedger]("linxia", "", deadline=D(2099, 12, 31))
    page = login("linxiashi_entry").get(reverse("checklists:tasks:list"), {"state": "overdue"})
    shown = {o.pk for o in page.context["page"].object_list}
    assert late.pk in shown and later.pk not in shown
    assert "逾期" in page.content.decode()


def _agreement(demo, where="linxia"):
    pairing, region = county(demo, where)
    meeting = Meeting.objects.create(pairing=pairing, region=region, type="joint_meeting",
                                     title="联席会议", start_date=D(2024, 4, 1), place="临夏")
    a1 = Agreement.objects.create(meeting=meeting, pairing=pairing, region=region,
                                  title="劳务协作协议", party_a="甲", party_b="乙",
                                  signed_on=D(2024, 4, 1))
    Agreement.objects.create(meeting=meeting, pairing=pairing, region=region,
                             title="消费帮扶协议", party_a="甲", party_b="乙",
                             signed_on=D(2024, 4, 1))
    return meeting, a1


def _rows(office, rows):
    data = {"form-TOTAL_FORMS": str(len(rows)), "form-INITIAL_FORMS": "0"}
    for i, (title, deadline) in enumerate(rows):
        data.update({f"form-{i}-title": title, f"form-{i}-owner_office": office.pk if title
                     else "", f"form-{i}-deadline": deadline})
    return data


def test_it_creates_tasks_from_an_agreement(login, make, demo) -> None:
    _meeting, agreement = _agreement(demo)
    office = make["office"]("linxia")
    client = login("linxiashi_entry")
    url = reverse("checklists:from_source", args=["agreement", agreement.pk])
    page = client.get(url)
    assert "落实《劳务协作协议》" in page.content.decode()  # pre-filled
    response = client.post(url, _rows(office, [("落实《劳务协作协议》", "2024-09-30"),
                                               ("", "")]))
    assert response.status_code == 302
    task = Task.objects.get(agreement=agreement)
    assert (task.source, task.year, task.pairing_id, task.region_id, task.meeting_id) == (
        TaskSource.AGREEMENT, 2024, agreement.pairing_id, agreement.region_id,
        agreement.meeting_id)
    tab = client.get(reverse("meetings:agreements:detail", args=[agreement.pk]),
                     {"tab": "tasks"})
    assert "落实《劳务协作协议》" in tab.content.decode()


def test_it_creates_one_task_per_agreement_of_a_meeting(login, make, demo) -> None:
    meeting, _a = _agreement(demo)
    office = make["office"]("linxia")
    client = login("linxiashi_entry")
    url = reverse("checklists:from_source", args=["meeting", meeting.pk])
    initial = client.get(url).context["formset"].initial
    assert [i.get("title") for i in initial[:2]] == ["落实《劳务协作协议》", "落实《消费帮扶协议》"]
    client.post(url, _rows(office, [("落实《劳务协作协议》", "2024-09-30"),
                                    ("落实《消费帮扶协议》", "2024-10-31"),
                                    ("召开推进会", "2024-06-30")]))
    assert Task.objects.filter(meeting=meeting).count() == 3


def test_a_bad_row_creates_nothing_and_names_the_row(login, make, demo) -> None:
    meeting, _a = _agreement(demo)
    office = make["office"]("linxia")
    client = login("linxiashi_entry")
    url = reverse("checklists:from_source", args=["meeting", meeting.pk])
    response = client.post(url, _rows(office, [("甲任务", "2024-09-30"),
                                               ("乙任务", "2023-01-31")]), follow=True)
    assert Task.objects.count() == 0
    assert "第 2 行" in response.content.decode()


def test_another_county_cannot_create_tasks_from_an_agreement(login, make, demo) -> None:
    _meeting, agreement = _agreement(demo, "puge")
    url = reverse("checklists:from_source", args=["agreement", agreement.pk])
    client = login("linxiashi_entry")
    assert client.get(url).status_code == 404
    assert client.post(url, _rows(make["office"]("linxia"), [("x", "2024-09-30")])
                       ).status_code == 404
    assert not Task.objects.exists()
