"""The pages: inbox, submissions list with filters and bulk steps, detail with its buttons,
notifications; scoping (another county's report is out of sight) and flat query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from xiezuo.core.inbox import items_for
from xiezuo.ledgers.testing import county
from xiezuo.reporting import actions
from xiezuo.reporting.models import Notification, Status, Submission
from xiezuo.reporting.tests.conftest import OCTOBER

pytestmark = pytest.mark.django_db


def puge_report(demo, data_set, make_purchase, make_fund):
    make_purchase(where="puge")
    make_fund(where="puge")
    return actions.open_submission(data_set, county(demo, "puge")[1], OCTOBER)


def test_a_county_user_cannot_see_or_act_on_another_countys_report(
        demo, data_set, make_purchase, make_fund, users, login, draft) -> None:
    other = puge_report(demo, data_set, make_purchase, make_fund)
    client = login("linxiashi_entry")
    assert client.get(reverse("reporting:detail", args=[other.pk])).status_code == 404
    response = client.post(reverse("reporting:step", args=[other.pk]),
                           {"step": "submit", "status": "draft"})
    assert response.status_code == 404
    assert client.post(reverse("reporting:declare", args=[other.pk]),
                       {"ledger": "funds.fundmovement", "empty": "1"}).status_code == 404
    listing = client.get(reverse("reporting:list")).content.decode()
    assert "普格县" not in listing and "临夏市" in listing
    assert Submission.objects.get(pk=other.pk).status == Status.DRAFT


def test_the_county_submits_from_the_detail_page(draft, login) -> None:
    client = login("linxiashi_entry")
    page = client.get(reverse("reporting:detail", args=[draft.pk])).content.decode()
    assert 'value="submit"' in page and "填报完整性" in page
    response = client.post(reverse("reporting:step", args=[draft.pk]),
                           {"step": "submit", "status": "draft"}, follow=True)
    assert Submission.objects.get(pk=draft.pk).status == Status.SUBMITTED
    assert "已完成" in response.content.decode()


def test_a_return_without_reason_is_refused_on_the_page(submitted, login) -> None:
    client = login("linxia_reviewer")
    response = client.post(reverse("reporting:step", args=[submitted.pk]),
                           {"step": "return", "status": "submitted", "reason": ""}, follow=True)
    assert "请填写原因" in response.content.decode()
    assert Submission.objects.get(pk=submitted.pk).status == Status.SUBMITTED


def test_the_county_sees_the_return_reason(submitted, users, login) -> None:
    actions.return_(submitted, users["linxia_reviewer"], "资金流水缺少文号")
    client = login("linxiashi_entry")
    page = client.get(reverse("reporting:detail", args=[submitted.pk])).content.decode()
    assert "资金流水缺少文号" in page and "已退回" in page
    returned = [i for i in items_for(users["linxiashi_entry"], dt.date(2026, 11, 1))
                if i.kind == "returned"]
    assert [i.note for i in returned] == ["资金流水缺少文号"]


def test_the_inbox_lists_what_each_level_must_do(submitted, users, login) -> None:
    today = dt.date(2026, 11, 1)
    county_kinds = {(i.kind, str(i.title)) for i in items_for(users["linxiashi_entry"], today)}
    assert ("enter", "临夏市 2026年11月 资金与消费月报") in county_kinds
    assert ("enter", "临夏市 2026年10月 资金与消费月报") not in county_kinds  # submitted
    review = [i for i in items_for(users["linxia_reviewer"], today) if i.kind == "review"]
    assert [i.title for i in review] == [str(submitted)]
    assert not [i for i in items_for(users["gansu_approver"], today) if i.kind == "approve"]
    assert not [i for i in items_for(users["puge_entry"], today) if i.kind != "enter"]
    page = login("linxia_reviewer").get(reverse("reporting:inbox")).content.decode()
    assert str(submitted) in page and "待审核" in page


def test_overdue_periods_come_first_and_are_marked(draft, users) -> None:
    items = items_for(users["linxiashi_entry"], dt.date(2026, 11, 1))
    enter = [i for i in items if "资金与消费月报" in str(i.title)]
    assert enter[0].overdue and "2026年1月" in str(enter[0].title)  # long overdue
    assert not enter[-1].overdue and "2026年11月" in str(enter[-1].title)


def test_the_home_page_shows_the_inbox(submitted, login) -> None:
    page = login("linxia_reviewer").get(reverse("core:home")).content.decode()
    assert 'id="home-inbox"' in page and str(submitted) in page


def test_notifications_go_to_who_acts_next_and_are_marked_read(submitted, users, login
                                                               ) -> None:
    note = Notification.objects.get(user=users["linxia_reviewer"])
    assert "已提交，请审核" in note.text
    assert not Notification.objects.filter(user=users["gansu_approver"]).exists()
    actions.review(submitted, users["linxia_reviewer"])
    assert Notification.objects.filter(user=users["gansu_approver"]).count() == 1
    actions.return_(submitted.pk, users["gansu_approver"], "请核对")
    assert Notification.objects.filter(user=users["linxia_reviewer"]).count() == 2
    client = login("linxia_reviewer")
    home = client.get(reverse("core:home")).content.decode()
    assert reverse("reporting:unread") in home  # the top bar asks for the count
    assert ">2</span>" in client.get(reverse("reporting:unread")).content.decode()
    response = client.post(reverse("reporting:notification_read", args=[note.pk]))
    assert response["Location"] == reverse("reporting:detail", args=[submitted.pk])
    assert Notification.objects.unread().filter(user=users["linxia_reviewer"]).count() == 1
    other = login("linxiashi_entry")
    assert other.post(reverse("reporting:notification_read", args=[note.pk])).status_code == 404
    client = login("linxia_reviewer")
    client.post(reverse("reporting:notifications_read_all"))
    assert not Notification.objects.unread().filter(user=users["linxia_reviewer"]).exists()


def test_mail_is_sent_on_commit(draft, users, django_capture_on_commit_callbacks) -> None:
    reviewer = users["linxia_reviewer"]
    reviewer.email = "reviewer@linxia.example"
    reviewer.save()
    with override_settings(XIEZUO_NOTIFY_EMAIL=True), \
            django_capture_on_commit_callbacks(execute=True):
        actions.submit(draft, users["linxiashi_entry"])
    assert [m.to for m in mail.outbox] == [["reviewer@linxia.example"]]
    assert "已提交" in mail.outbox[0].subject
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.review(draft.pk, users["linxia_reviewer"])
    assert mail.outbox == []  # off by default


def test_bulk_approval_reports_each_item(demo, data_set, make_purchase, make_fund, users,
                                         reviewed, login) -> None:
    puge = puge_report(demo, data_set, make_purchase, make_fund)  # 四川: not 甘肃's
    stale = actions.open_submission(data_set, county(demo, "linxia")[1], OCTOBER.next())
    client = login("gansu_approver")
    page = client.get(reverse("reporting:list")).content.decode()
    assert f'name="ids" value="{reviewed.pk}"' in page
    response = client.post(reverse("reporting:bulk"), {
        "step": "approve", "ids": [reviewed.pk, puge.pk, stale.pk],
        f"seen_{reviewed.pk}": "reviewed", f"seen_{stale.pk}": "reviewed"})
    outcomes = {o.submission.pk: o for o in response.context["outcomes"]}
    assert outcomes[reviewed.pk].done
    assert not outcomes[stale.pk].done and "已被他人处理" in outcomes[stale.pk].message
    assert puge.pk not in outcomes  # out of sight: not even listed
    assert Submission.objects.get(pk=reviewed.pk).status == Status.APPROVED
    assert Submission.objects.get(pk=stale.pk).status == Status.DRAFT


def test_bulk_review_through_the_same_function(submitted, users, login) -> None:
    client = login("linxia_reviewer")
    page = client.get(reverse("reporting:list")).content.decode()
    assert 'name="step" value="review"' in page and 'name="step" value="approve"' not in page
    response = client.post(reverse("reporting:bulk"), {
        "step": "review", "ids": [submitted.pk], f"seen_{submitted.pk}": "submitted"})
    assert [o.done for o in response.context["outcomes"]] == [True]
    assert Submission.objects.get(pk=submitted.pk).status == Status.REVIEWED
    viewer = login("gansu_viewer")
    assert viewer.post(reverse("reporting:bulk"), {"step": "review"}).status_code == 403


def test_the_list_filters(submitted, demo, data_set, users, login) -> None:
    actions.open_submission(data_set, county(demo, "linxia")[1], OCTOBER.next())
    client = login("gansu_approver")
    url = reverse("reporting:list")
    assert client.get(url, {"status": "submitted"}).context["page"].paginator.count == 1
    assert client.get(url, {"period": "2026-11"}).context["page"].paginator.count == 1
    assert client.get(url, {"region": "临夏州"}).context["page"].paginator.count == 2
    assert client.get(url, {"region": "普格县"}).context["page"].paginator.count == 0
    assert client.get(url, {"overdue": "on"}).context["page"].paginator.count == 0
    assert "报送期请写成 2026-10 的形式" in client.get(url, {"period": "bad"}).content.decode()


def test_the_list_and_inbox_query_counts_are_flat(demo, data_set, users, login,
                                                  django_assert_max_num_queries) -> None:
    region = county(demo, "linxia")[1]
    day = dt.date(2026, 1, 1)
    for _i in range(12):
        period = data_set.period(day)
        sub = actions.open_submission(data_set, region, period)
        Submission.objects.filter(pk=sub.pk).update(status=Status.SUBMITTED)
        day = period.next().start
    client = login("linxia_reviewer")
    with django_assert_max_num_queries(13):  # the prefectures with a reviewer: one query
        assert client.get(reverse("reporting:list")).status_code == 200
    province = login("gansu_approver")
    with django_assert_max_num_queries(13):  # the province asks it once too, not per row
        assert province.get(reverse("reporting:list")).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(reverse("reporting:inbox")).status_code == 200
    county_client = login("linxiashi_entry")
    with django_assert_max_num_queries(10):
        assert county_client.get(reverse("reporting:inbox")).status_code == 200


def test_the_detail_page_counts_changes_since_approval(approved, users, login) -> None:
    client = login("gansu_approver")
    page = client.get(reverse("reporting:detail", args=[approved.pk])).content.decode()
    assert 'id="changed-since">0' in page
    actions.unlock(approved, users["gansu_approver"], "更正金额")
    from xiezuo.consumption.models import Consumption
    from xiezuo.core.audit import acting_as

    row = Consumption.objects.get(region__code="622901")
    with acting_as(users["linxiashi_entry"]):
        row.product = "手抓羊肉（更正）"
        row.save()
    page = client.get(reverse("reporting:detail", args=[approved.pk])).content.decode()
    assert 'id="changed-since">1' in page


def test_opening_a_period_makes_a_draft_for_the_county_only(data_set, users, login) -> None:
    url = reverse("reporting:open", args=[data_set.pk, "2026-10-01"])
    county = login("linxiashi_entry")
    assert county.get(url).status_code == 405  # opening writes: never on a plain link
    assert not Submission.objects.exists()
    response = county.post(url)
    sub = Submission.objects.get()
    assert response["Location"] == reverse("reporting:detail", args=[sub.pk])
    assert county.post(url)["Location"] == response["Location"]  # the same draft again
    assert login("linxia_reviewer").post(reverse(
        "reporting:open", args=[data_set.pk, "2026-09-01"])).status_code == 403
    assert county.post(reverse(
        "reporting:open", args=[data_set.pk, "2026-10-05"])).status_code == 404
    assert Submission.objects.count() == 1


def test_data_sets_are_managed_nationally(data_set, login) -> None:
    assert "资金与消费月报" in login("gansu_viewer").get(
        reverse("reporting:data_sets")).content.decode()
    assert login("jinan_admin").get(reverse("reporting:data_set_create")).status_code == 403
    client = login("national")
    response = client.post(reverse("reporting:data_set_create"), {
        "name": "季度产业报送", "ledgers": ["industry.enterprise", "industry.park"],
        "frequency": "quarterly", "deadline_day": "10", "owed_by": "both",
        "start_date": "2026-01-01", "active": "on"})
    assert response.status_code == 302, response.content.decode()[:3000]
    made = data_set.__class__.objects.get(name="季度产业报送")
    assert made.ledgers == ["industry.enterprise", "industry.park"]
