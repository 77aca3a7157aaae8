"""The situation report asks for its region with the region picker (suggestions as one
types) and understands what the picker fills in."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_it_offers_the_region_picker(demo: dict[str, Any], login: Any) -> None:
    client = login("linxia_reviewer")
    html = client.get(reverse("situation:report"), {"region": "622901"}).content.decode()
    assert 'id="situation-region"' in html and 'list="situation-region-suggestions"' in html
    assert reverse("regions:suggest") in html
    assert 'value="622901 临夏市"' in html
    assert 'placeholder="代码或名称"' not in html


def test_it_reads_what_the_picker_fills_in(demo: dict[str, Any], login: Any) -> None:
    client = login("linxia_reviewer")
    response = client.get(reverse("situation:report"), {"region": "622901 临夏市"})
    assert response.status_code == 200
    assert 'value="622901 临夏市"' in response.content.decode()
