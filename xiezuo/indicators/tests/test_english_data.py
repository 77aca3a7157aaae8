"""In English, reference data speaks English too: indicator names, their units, money units
and project sectors; what an office typed itself stays as typed."""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import caches
from django.urls import reverse
from django.utils import translation

from xiezuo.indicators.models import Indicator

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache() -> Any:
    caches["shared"].clear()
    yield
    caches["shared"].clear()
    translation.activate(settings.LANGUAGE_CODE)  # the English request leaves it active


def english(client: Any) -> Any:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the language switch's choice
    return client


def test_the_dashboard_names_indicators_and_units_in_english(gansu, login) -> None:
    client = english(login("national"))
    url = reverse("indicators:region", args=["622900"])
    html = client.get(url, {"year": 2023}).content.decode()
    assert "Fiscal aid" in html and "财政援助资金" not in html
    assert "180.00 10k yuan" in html and "万元" not in html
    assert "Aid projects" in html and "0 units" in html and "个" not in html
    charts = json.loads(re.search(r'id="dashboard-data"[^>]*>(.*?)</script>', html,
                                  re.S).group(1))
    assert charts["lead"] == "Fiscal aid" and charts["unit"] == "10k yuan"
    # the same cached figures, drawn for a Chinese reader, speak Chinese
    chinese = login("national")
    chinese.cookies.pop(settings.LANGUAGE_COOKIE_NAME, None)
    html = chinese.get(url, {"year": 2023}).content.decode()
    assert "财政援助资金" in html and "180.00 万元" in html and "0 个" in html


def test_the_catalogue_lists_english_names_and_units(demo, login) -> None:
    from xiezuo.indicators import catalogue

    catalogue.load()
    Indicator.objects.create(code="own", name="本单位自定指标", unit="亩")
    html = english(login("national")).get(reverse("indicators:catalogue")).content.decode()
    assert "Rural labourers into jobs" in html and "person-times" in html
    assert "本单位自定指标" in html  # typed by an office, no English name: as typed
    assert "<td>mu</td>" in html


def test_project_sectors_read_in_english(demo, login) -> None:
    from xiezuo.projects.models import Project, Sector

    pairing = demo["pairings"]["szq-lxs"]
    sector = Sector.objects.get(code="infrastructure")
    Project.objects.create(pairing=pairing, region=pairing.recipient, year=2024,
                           sector=sector, name="红旗村道路硬化项目",
                           budget_fiscal=Decimal("1000000"), planned_start=dt.date(2024, 4, 1))
    client = english(login("linxiashi_entry"))
    html = client.get(reverse("projects:list")).content.decode()
    assert "Infrastructure" in html and "基础设施" not in html
    assert "红旗村道路硬化项目" in html  # the project's own name stays as typed
    with translation.override("zh-hans"):
        assert str(sector) == "基础设施"
