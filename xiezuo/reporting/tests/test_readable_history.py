"""The month's action log reads as a person writes it: field labels, the names of the people
and places a change refers to, Beijing time; never a field name, an id or a UTC timestamp."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _history(html: str) -> str:
    found = re.search(r'<table class="table history">.*?</table>', html, re.S)
    assert found
    return found.group(0)


def test_it_names_fields_people_and_local_times(reviewed: Any, login: Any,
                                                users: dict[str, Any]) -> None:
    html = login("linxia_reviewer").get(reverse("reporting:detail", args=[reviewed.pk]))
    history = _history(html.content.decode())
    assert "提交人" in history and str(users["linxiashi_entry"]) in history
    assert "审核人" in history and str(users["linxia_reviewer"]) in history
    assert "submitted_by" not in history and "reviewed_by" not in history
    assert not re.search(r"\d{4}-\d\d-\d\dT\d\d:\d\d", history)  # no ISO timestamp
    assert "+00:00" not in history
    # the clock starts at 2026-11-23 10:00 in Beijing: shown as such, not as 02:xx UTC
    assert re.search(r"2026-11-23 10:\d\d", history) and "2026-11-23 02:" not in history
    assert not re.search(r"→ \d+<", history)  # no bare id after an arrow


def test_it_reads_an_unknown_field_and_a_deleted_reference(reviewed: Any) -> None:
    from xiezuo.core.history import readable

    entry = reviewed.history.first()
    entry.changes = {"submitted_by": [None, 999999], "extra": [None, True],
                     "submitted_at": [None, "2026-11-23T02:00:00+00:00"]}
    (_, rows), = readable([entry])
    assert ("提交人", None, "（已删除，编号 999999）") in rows
    assert ("extra", None, "是") in rows
    assert ("提交时间", None, "2026-11-23 10:00:00") in rows


def test_a_logged_list_on_a_field_with_choices_reads_as_its_labels() -> None:
    from xiezuo.core.history import shown
    from xiezuo.reporting.models import DataSet

    field = DataSet._meta.get_field("frequency")
    assert shown(field, ["monthly", "other"], {}) == "、".join([
        str(dict(field.flatchoices)["monthly"]), "other"])
    assert shown(field, [["nested"]], {}) == "nested"
