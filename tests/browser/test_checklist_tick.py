"""A county clerk ticks off a task on the checklist: the row and the progress figures change
in place (htmx), and the tick survives a reload."""

import datetime as dt

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_tick_a_task_off_the_checklist(signed_in, live_server, demo) -> None:
    from xiezuo.accounts.models import Office
    from xiezuo.checklists.models import Task, TaskStatus
    from xiezuo.ledgers.testing import county

    pairing, region = county(demo, "puge")
    office = Office.objects.get(name="普格县对口帮扶工作组")
    for title in ("项目全部开工", "医疗组团式帮扶考核"):
        Task.objects.create(pairing=pairing, region=region, year=2024, title=title,
                            owner_office=office, deadline=dt.date(2024, 6, 30))
    page = signed_in("puge_entry")
    page.click("text=任务清单")
    page.wait_for_selector("#checklist")
    assert page.text_content("#checklist-progress .kpi-value").strip() == "0 / 2"
    row = page.locator("#checklist tr", has_text="项目全部开工")
    row.locator("input[type=date]").fill("2024-06-15")
    row.locator("button:has-text('勾销完成')").click()
    page.wait_for_function(
        "document.querySelector('#checklist-progress .kpi-value').textContent.trim() === '1 / 2'")
    assert "2024-06-15" in page.locator("#checklist tr", has_text="项目全部开工").text_content()
    page.reload()
    assert page.text_content("#checklist-progress .kpi-value").strip() == "1 / 2"
    done = Task.objects.get(title="项目全部开工")
    assert (done.status, done.done_on) == (TaskStatus.DONE, dt.date(2024, 6, 15))
