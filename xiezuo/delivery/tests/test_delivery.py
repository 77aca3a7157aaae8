"""Notifications that reach people: 临夏州's reviewer returns 临夏市's October; its clerk
(linxiashi_entry) chose e-mail and the group robot for returns. The deliveries are enqueued
when the return commits, sent by the database backend's worker, and a robot that fails
first is tried again after the backoff. Real SMTP and HTTP on loopback; nothing mocked."""

from __future__ import annotations

import datetime as dt
import email
import logging

import pytest
import time_machine
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from xiezuo.delivery.models import Delivery, Preference, Status
from xiezuo.delivery.tests.conftest import run_worker
from xiezuo.reporting import actions
from xiezuo.reporting.models import Notification

pytestmark = pytest.mark.django_db(transaction=True)


def _choose(user, channels, url="", address="clerk@linxia.example"):
    user.email = address
    user.save()
    return Preference.objects.create(user=user, channels=channels, webhook_url=url)


def _text(message: bytes) -> str:
    parsed = email.message_from_bytes(message)
    return parsed.get_payload(decode=True).decode()


def test_it_returns_by_email_and_robot_and_retries_the_robot_after_a_failure(
        submitted, users, smtp, robot, caplog) -> None:
    hook = robot(failures=1)
    clerk = users["linxiashi_entry"]
    _choose(clerk, {"return": ["email", "webhook"]}, hook.url)
    caplog.set_level(logging.INFO)

    actions.return_(submitted, users["linxia_reviewer"], "消费帮扶金额单位有误")
    assert Notification.objects.filter(user=clerk, text__contains="被退回").count() == 1
    assert set(Delivery.objects.values_list("channel", "status")) == {
        ("email", Status.PENDING), ("webhook", Status.PENDING)}
    assert DBTaskResult.objects.ready().count() == 2  # enqueued on commit, not yet sent

    run_worker()
    mail = Delivery.objects.get(channel="email")
    assert (mail.status, mail.attempts) == (Status.SENT, 1)
    [message] = smtp.messages
    assert "消费帮扶金额单位有误" in _text(message)
    assert b"clerk@linxia.example" in message
    hooked = Delivery.objects.get(channel="webhook")
    assert (hooked.status, hooked.attempts) == (Status.RETRYING, 1)
    assert hooked.last_error == "DeliveryError: HTTP 500"
    assert hooked.next_attempt_at == pytest.approx(timezone.now() + dt.timedelta(minutes=1),
                                                   abs=dt.timedelta(seconds=30))

    run_worker()  # the retry waits for its backoff
    assert hook.answers == [500]
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=2)):
        run_worker()
    hooked.refresh_from_db()
    assert (hooked.status, hooked.attempts, hooked.last_error) == (Status.SENT, 2, "")
    assert hook.answers == [500, 200]
    assert hook.bodies[1]["msgtype"] == "text"
    assert "消费帮扶金额单位有误" in hook.bodies[1]["text"]["content"]
    logged = caplog.text
    assert "clerk@linxia.example" not in logged and "s3cr3t" not in logged


def test_it_gives_up_after_the_bounded_attempts(submitted, users, robot, settings) -> None:
    settings.XIEZUO_DELIVERY_ATTEMPTS = 2
    hook = robot(failures=99)
    _choose(users["linxiashi_entry"], {"return": ["webhook"]}, hook.url)
    actions.return_(submitted, users["linxia_reviewer"], "请补充附件")
    run_worker()
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=2)):
        run_worker()
    with time_machine.travel(timezone.now() + dt.timedelta(hours=2)):
        run_worker()
    [d] = Delivery.objects.all()
    assert (d.status, d.attempts, d.next_attempt_at) == (Status.FAILED, 2, None)
    assert hook.answers == [500, 500]
    assert "s3cr3t" not in d.last_error
    assert not DBTaskResult.objects.ready().exists()


def test_only_the_chosen_kinds_and_channels_leave(submitted, users, smtp) -> None:
    _choose(users["linxiashi_entry"], {"approval": ["email"]})  # not returns
    actions.return_(submitted, users["linxia_reviewer"], "请核对")
    assert not Delivery.objects.exists()
    assert Notification.objects.filter(user=users["linxiashi_entry"]).exists()  # in-app


def test_an_approval_reaches_the_reviewer_who_chose_it(reviewed, users, smtp) -> None:
    _choose(users["linxia_reviewer"], {"approval": ["email"]}, address="review@linxia.example")
    actions.approve(reviewed, users["gansu_approver"])
    [d] = Delivery.objects.all()
    assert (d.user, d.kind, d.channel) == (users["linxia_reviewer"], "approval", "email")
    run_worker()
    d.refresh_from_db()
    assert d.status == Status.SENT and "已批准" in _text(smtp.messages[0])


def test_a_robot_outside_the_allowed_hosts_is_never_posted_to(submitted, users, robot,
                                                              settings) -> None:
    hook = robot()
    settings.XIEZUO_WEBHOOK_HOSTS = ["qyapi.weixin.qq.com"]
    settings.XIEZUO_DELIVERY_ATTEMPTS = 1
    _choose(users["linxiashi_entry"], {"return": ["webhook"]}, hook.url)
    actions.return_(submitted, users["linxia_reviewer"], "请核对")
    run_worker()
    [d] = Delivery.objects.all()
    assert d.status == Status.FAILED and "XIEZUO_WEBHOOK_HOSTS" in d.last_error
    assert hook.bodies == []
