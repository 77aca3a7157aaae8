"""The dashboard's attention list names the projects holding idle money, not their ids."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest
from django.core.cache import cache
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_it_names_the_project_holding_idle_money(demo: dict[str, Any], login: Any) -> None:
    from xiezuo.funds.models import FundMovement
    from xiezuo.projects.models import Project, Sector

    cache.clear()
    pairing = demo["pairings"]["szq-lxs"]
    project = Project.objects.create(
        pairing=pairing, region=pairing.recipient, year=2026, name="八坊十三巷提升改造",
        sector=Sector.objects.get(code="industry"), budget_fiscal=Decimal("800000"),
        donor_consent=True, consent_date=dt.date(2026, 1, 5))
    FundMovement.objects.create(
        pairing=pairing, region=pairing.recipient, year=2026, date=dt.date(2026, 2, 1),
        type="allocation", source="fiscal", amount=Decimal("800000"),
        reported_by="recipient", project=project)
    html = login("national").get(reverse("indicators:country"), {"year": 2026}).content
    attention = re.search(r'id="attention".*?</div>', html.decode(), re.S)
    cache.clear()
    assert attention
    assert "八坊十三巷提升改造" in attention.group(0)
    assert f"#{project.pk}" not in attention.group(0)
