"""The preferences page (user menu → 通知偏好): linxiashi_entry chooses channels per kind
and a robot; every change is audited with the robot's key masked. The deliveries page is a
national administrator's."""

from __future__ import annotations

import pytest
from django.urls import reverse

from xiezuo.core.models import AuditEntry
from xiezuo.delivery.models import Delivery, Preference, mask_url

pytestmark = pytest.mark.django_db

HOOK = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx"


def test_the_user_menu_links_the_page(login) -> None:
    page = login("linxiashi_entry").get(reverse("core:home")).content.decode()
    assert 'id="menu-preferences"' in page


def test_it_saves_a_choice_and_audits_it_with_the_key_masked(login, users) -> None:
    client = login("linxiashi_entry")
    assert client.get(reverse("delivery:preferences")).status_code == 200
    r = client.post(reverse("delivery:preferences"), {
        "kind_return": ["email", "webhook"], "kind_notice": ["email"], "webhook_url": HOOK})
    assert r.status_code == 302
    pref = Preference.objects.get(user=users["linxiashi_entry"])
    assert pref.channels == {"return": ["email", "webhook"], "notice": ["email"]}
    assert pref.webhook_url == HOOK
    [entry] = AuditEntry.for_object(pref).filter(action="preferences")
    assert entry.actor_label == "linxiashi_entry"
    assert entry.changes["webhook_url"] == [
        "", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=****"]
    assert "693a91f6" not in str(entry.changes)
    assert entry.changes["channels"][1] == {"notice": ["email"], "return": ["email", "webhook"]}
    # the same again changes nothing and writes nothing
    client.post(reverse("delivery:preferences"), {
        "kind_return": ["email", "webhook"], "kind_notice": ["email"], "webhook_url": HOOK})
    assert AuditEntry.for_object(pref).filter(action="preferences").count() == 1
    page = client.get(reverse("delivery:preferences")).content.decode()
    assert 'value="webhook" checked' in page or "checked" in page


def test_it_refuses_a_robot_without_an_https_address(login, users) -> None:
    client = login("linxiashi_entry")
    r = client.post(reverse("delivery:preferences"), {
        "kind_return": ["webhook"], "webhook_url": "http://example.org/hook?key=1"})
    assert r.status_code == 200 and "https://" in r.content.decode()
    r = client.post(reverse("delivery:preferences"), {
        "kind_return": ["webhook"], "webhook_url": "https://intranet.example.gov.cn/x?key=1"})
    assert r.status_code == 200 and "qyapi.weixin.qq.com" in r.content.decode()
    r = client.post(reverse("delivery:preferences"), {"kind_return": ["webhook"]})
    assert r.status_code == 200 and "Webhook" in r.content.decode()
    assert not Preference.objects.exists()


def test_masking_a_dingtalk_address() -> None:
    assert mask_url("https://oapi.dingtalk.com/robot/send?access_token=abc&x=1") == (
        "https://oapi.dingtalk.com/robot/send?access_token=****&x=****")
    assert mask_url("") == ""


def test_the_deliveries_are_a_national_administrators(login, users) -> None:
    Delivery.objects.create(user=users["linxiashi_entry"], kind="return", channel="email",
                            subject="s", body="b", status="failed", attempts=5,
                            last_error="DeliveryError: HTTP 500")
    assert login("jinan_admin").get(reverse("delivery:deliveries")).status_code == 403
    page = login("national").get(reverse("delivery:deliveries") + "?status=failed")
    assert page.status_code == 200 and "HTTP 500" in page.content.decode()


def test_a_published_notice_reaches_the_readers_who_chose_it(
        users, django_capture_on_commit_callbacks) -> None:
    from django_tasks_db.models import DBTaskResult

    from xiezuo.accounts.models import Office, User
    from xiezuo.core.scoping import Role
    from xiezuo.notices import actions as notices
    from xiezuo.reporting.models import Notification

    sender = User.objects.create(username="gansu_admin", role=Role.OFFICE_ADMIN,
                                 office=Office.objects.get(name="甘肃省乡村振兴局"))
    clerk = users["linxiashi_entry"]
    clerk.email = "clerk@linxia.example"
    clerk.save()
    Preference.objects.create(user=clerk, channels={"notice": ["email"]})
    with django_capture_on_commit_callbacks(execute=True):
        notices.publish(sender, title="春耕通知", body="正文", deadline=None, offices=[],
                        files=[])
    [d] = Delivery.objects.all()
    assert (d.user, d.kind, d.channel, d.subject) == (clerk, "notice", "email", "新通知：春耕通知")
    assert DBTaskResult.objects.ready().count() == 1
    assert not Notification.objects.exists()  # the notice waits in the inbox on its own
