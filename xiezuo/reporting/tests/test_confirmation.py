"""Each step of a submission says what it will do before it is done: its button opens a panel
with the consequence and the confirming button (a disclosure: no script needed)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _steps(html: str) -> dict[str, str]:
    found = re.findall(r'<details class="confirm step-(\w+)">(.*?)</details>', html, re.S)
    return {step: body for step, body in found}


def test_submit_says_what_will_happen(draft: Any, login: Any) -> None:
    html = login("linxiashi_entry").get(reverse("reporting:detail", args=[draft.pk])).content
    steps = _steps(html.decode())
    assert set(steps) == {"submit"}
    assert "<summary" in steps["submit"] and "交市（州）审核" in steps["submit"]
    assert "确认提交" in steps["submit"]


def test_review_and_return_say_what_will_happen(submitted: Any, login: Any) -> None:
    html = login("linxia_reviewer").get(reverse("reporting:detail", args=[submitted.pk]))
    steps = _steps(html.content.decode())
    assert set(steps) == {"review", "return"}
    assert "交省级审批" in steps["review"]
    assert "回到县里的草稿" in steps["return"] and 'name="reason"' in steps["return"]


def test_approve_warns_of_the_lock(reviewed: Any, login: Any) -> None:
    html = login("gansu_approver").get(reverse("reporting:detail", args=[reviewed.pk]))
    steps = _steps(html.content.decode())
    assert "数据锁定" in steps["approve"] and "确认批准" in steps["approve"]


def test_the_confirming_button_does_the_step(draft: Any, login: Any) -> None:
    client = login("linxiashi_entry")
    response = client.post(reverse("reporting:step", args=[draft.pk]),
                           {"step": "submit", "status": draft.status})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == "submitted"
