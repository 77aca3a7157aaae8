"""Two reviewers act on the same submission at once, in two real transactions on two
connections: one wins, the other is told, nothing is lost (PostgreSQL row locks)."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from django.db import connection, connections, transaction

from xiezuo.accounts.models import User
from xiezuo.core.models import AuditEntry
from xiezuo.reporting import actions
from xiezuo.reporting.models import Status, Submission

pytestmark = pytest.mark.django_db(transaction=True)


def _waiting_on_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                       "AND datname = current_database()")
        return bool(cursor.fetchone()[0])


def test_two_reviewers_at_once_one_wins_the_other_is_told(submitted, users) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite locks the whole database: row locks need PostgreSQL")
    first = users["linxia_reviewer"]
    second = User.objects.create(username="linxia_reviewer2", full_name="临夏州审核员二",
                                 office=first.office, role=first.role)
    holding, release = threading.Event(), threading.Event()
    results: dict[str, Any] = {}

    def review() -> None:  # holds its transaction open until released
        try:
            with transaction.atomic():
                actions.review(submitted.pk, first, expected=Status.SUBMITTED)
                holding.set()
                release.wait(30)
            results["review"] = "done"
        except Exception as exc:
            results["review"] = exc
        finally:
            holding.set()
            connections.close_all()

    def give_back() -> None:
        try:
            actions.return_(submitted.pk, second, "数据有误", expected=Status.SUBMITTED)
            results["return"] = "done"
        except actions.Refused as exc:
            results["return"] = exc
        finally:
            connections.close_all()

    a = threading.Thread(target=review)
    a.start()
    assert holding.wait(30)
    b = threading.Thread(target=give_back)
    b.start()
    for _ in range(300):  # until the second transaction waits on the row lock
        if _waiting_on_a_lock():
            break
        time.sleep(0.05)
    assert _waiting_on_a_lock(), "the second reviewer never reached the row lock"
    release.set()
    a.join(30)
    b.join(30)
    assert results["review"] == "done"
    assert isinstance(results["return"], actions.Refused)
    assert "已被他人处理" in str(results["return"])
    sub = Submission.objects.get(pk=submitted.pk)
    assert sub.status == Status.REVIEWED and sub.return_reason == ""
    assert list(AuditEntry.for_object(sub).order_by("id").values_list("action", flat=True)) == [
        "create", "submit", "review"]
