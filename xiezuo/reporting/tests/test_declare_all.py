"""The month's page declares every owed ledger with nothing entered and no declaration empty
in one step: it says which first, audits it, and refuses a month no longer a draft."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from xiezuo.core.models import AuditEntry
from xiezuo.ledgers.testing import county
from xiezuo.reporting import actions
from xiezuo.reporting.models import NoDataDeclaration, Status, Submission
from xiezuo.reporting.tests.conftest import OCTOBER

pytestmark = pytest.mark.django_db


@pytest.fixture
def every_ledger(demo: dict[str, Any], default_data_set: Any, make_purchase: Any) -> Submission:
    """临夏市's October under the data set of every ledger; only a purchase entered, and
    one ledger declared empty by hand."""
    make_purchase()
    _p, region = county(demo, "linxia")
    sub = actions.open_submission(default_data_set, region, OCTOBER)
    return sub


def test_it_declares_the_remaining_ledgers_and_audits_it(every_ledger: Submission,
                                                         users: dict[str, Any]) -> None:
    sub = every_ledger
    clerk = users["linxiashi_entry"]
    actions.declare_no_data(sub, clerk, "funds.fundmovement")
    remaining = [c.label for c in actions.remaining_empty(sub)]
    names = [c.name for c in actions.remaining_empty(sub)]
    assert remaining and "funds.fundmovement" not in remaining
    assert "consumption.consumption" not in remaining  # entered
    assert actions.declare_remaining_empty(sub, clerk, remaining) == remaining
    assert set(NoDataDeclaration.objects.filter(submission=sub).values_list(
        "ledger", flat=True)) == {*remaining, "funds.fundmovement"}
    entry = AuditEntry.for_object(sub).filter(action="no_data").get()
    assert entry.actor == clerk and all(name in entry.reason for name in names)
    assert actions.submit(sub, clerk).status == Status.SUBMITTED  # now complete


def test_it_refuses_when_what_was_shown_has_changed(every_ledger: Submission,
                                                    users: dict[str, Any]) -> None:
    with pytest.raises(actions.Refused, match="有变化"):
        actions.declare_remaining_empty(every_ledger, users["linxiashi_entry"],
                                        ["funds.fundmovement"])
    assert not NoDataDeclaration.objects.filter(submission=every_ledger).exists()


def test_it_refuses_a_submitted_month_and_other_people(draft: Any, users: dict[str, Any],
                                                       make_fund: Any) -> None:
    with pytest.raises(actions.Refused):
        actions.declare_remaining_empty(draft, users["linxia_reviewer"])
    with pytest.raises(actions.Refused, match="没有需要声明"):
        actions.declare_remaining_empty(draft, users["linxiashi_entry"])  # all entered
    submitted = actions.submit(draft, users["linxiashi_entry"])
    with pytest.raises(actions.Refused, match="不能执行"):
        actions.declare_remaining_empty(submitted, users["linxiashi_entry"])


def test_the_page_says_which_ledgers_then_declares_them(every_ledger: Submission,
                                                        login: Any) -> None:
    client = login("linxiashi_entry")
    url = reverse("reporting:detail", args=[every_ledger.pk])
    page = client.get(url).content.decode()
    remaining = actions.remaining_empty(every_ledger)
    assert "其余台账一并声明本期无数据" in page
    assert all(f"「{c.name}」" in page for c in remaining)
    response = client.post(reverse("reporting:declare_all", args=[every_ledger.pk]),
                           {"ledgers": [c.label for c in remaining]}, follow=True)
    assert "已声明" in response.content.decode()
    assert NoDataDeclaration.objects.filter(submission=every_ledger).count() == len(remaining)
    assert "step-declare-all" not in client.get(url).content.decode()
