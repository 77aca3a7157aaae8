"""A fund opened from its project starts with the project's year, place and pairing; a form
sent back with errors lists them at its top, each a link to its field."""

from __future__ import annotations

import datetime as dt
import html as htmllib
import re
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(demo: dict[str, Any]) -> Any:
    from xiezuo.projects.models import Project, Sector

    pairing = demo["pairings"]["szq-lxs"]
    return Project.objects.create(
        pairing=pairing, region=pairing.recipient, year=2025, name="八坊十三巷提升改造",
        sector=Sector.objects.get(code="industry"), budget_fiscal=Decimal("800000"),
        donor_consent=True, consent_date=dt.date(2025, 1, 5))


def test_a_fund_from_its_project_is_prefilled(project: Any, login: Any) -> None:
    client = login("linxiashi_entry")
    detail = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    link = re.search(r'href="(/funds/new/\?[^"]+)"', detail)
    assert link
    form = client.get(htmllib.unescape(link.group(1))).content.decode()
    assert re.search(r'name="year"[^>]*value="2025"', form)
    assert re.search(r'name="region"[^>]*value="622901', form)
    assert re.search(rf'<option value="{project.pairing_id}" selected', form)
    assert re.search(rf'<option value="{project.pk}" selected', form)
    assert re.search(r'<option value="allocation" selected', form)


def test_errors_are_listed_at_the_top(project: Any, login: Any) -> None:
    response = login("linxiashi_entry").post(reverse("funds:create"), {
        "year": "2025", "type": "allocation", "source": "fiscal", "amount_0": "",
        "region": "622901"})
    html = response.content.decode()
    summary = re.search(r'<ul class="error-summary">(.*?)</ul>', html, re.S)
    assert summary
    assert '<a href="#id_date">' in summary.group(1)
    assert html.index('id="form-errors"') < html.index('name="date"')
