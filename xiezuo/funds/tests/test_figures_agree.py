"""One transfer, four places that show it: the list's band, the overview, the dashboard and
the API give the same figures, because they all ask ``figures.py``.

市中区 → 临夏市, 2023: a commitment of 5,000 万元, and a transfer of 4,715 万元 that both
sides recorded (the donor its 拨付, 临夏市 its 到位). Adding the two records gives 9,430, the
figure no page may show."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.core.cache import cache
from django.urls import reverse

from xiezuo.funds.models import FundMovement, FundSource, MovementType
from xiezuo.ledgers.models import ReportingSide
from xiezuo.regions.models import Region

pytestmark = pytest.mark.django_db

WAN = Decimal(10_000)


@pytest.fixture
def transfer(demo: dict[str, Any]) -> Iterator[None]:
    cache.clear()
    pairing = demo["pairings"]["szq-lxs"]
    city = Region.objects.get(code="622901", valid_to__isnull=True)

    def move(kind: str, wan: int, day: dt.date, side: str) -> None:
        FundMovement.objects.create(pairing=pairing, region=city, year=2023, date=day,
                                    type=kind, source=FundSource.FISCAL, amount=wan * WAN,
                                    reported_by=side)

    move(MovementType.COMMITMENT, 5000, dt.date(2023, 2, 1), ReportingSide.DONOR)
    move(MovementType.TRANSFER, 4715, dt.date(2023, 6, 1), ReportingSide.DONOR)
    move(MovementType.TRANSFER, 4715, dt.date(2023, 6, 8), ReportingSide.RECIPIENT)
    yield
    cache.clear()


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _cards(html: str) -> dict[str, str]:
    """The band's (or the overview's) cards: label → value."""
    found = re.findall(r'class="kpi-label">(.*?)</div><div class="kpi-value"[^>]*>(.*?)</div>',
                       html, re.S)
    return {_text(label).strip(): _text(value).strip() for label, value in found}


def test_it_shows_the_same_figures_on_band_overview_dashboard_and_api(
        transfer: None, login: Any, bearer: Any) -> None:
    client = login("linxiashi_entry")

    band = _cards(client.get(reverse("funds:list"), {"year": 2023}).content.decode())
    assert band == {"计划/协议": "5,000.00 万元", "帮扶方拨付": "4,715.00 万元",
                    "受援方到位": "4,715.00 万元"}

    overview = client.get(reverse("funds:overview"), {"year": 2023}).content.decode()
    cards = _cards(overview)
    assert cards["计划/协议"] == band["计划/协议"]
    assert cards["到位（受援方）"] == band["受援方到位"]
    row = _text(re.search(r'id="fund-overview".*?</table>', overview, re.S).group(0))
    assert "5,000.00 4,715.00 4,715.00" in row

    dashboard = client.get(reverse("indicators:region", args=["622901"]),
                           {"year": 2023}).content.decode()
    kpi = re.search(r'id="kpi-fiscal_aid"[^>]*>(.*?)</a>', dashboard, re.S)
    assert kpi and band["帮扶方拨付"] in _text(kpi.group(1))
    kpi = re.search(r'id="kpi-fiscal_aid_received"[^>]*>(.*?)</a>', dashboard, re.S)
    assert kpi and band["受援方到位"] in _text(kpi.group(1))

    api = client.get("/api/v1/ledgers/funds/summary/", {"year": 2023},
                     headers=bearer("linxiashi_entry"))
    assert api.status_code == 200
    assert {r["label"]: Decimal(r["value"]) for r in api.json()} == {
        "计划/协议": 5000 * WAN, "帮扶方拨付": 4715 * WAN, "受援方到位": 4715 * WAN}
    assert all(r["money"] for r in api.json())

    for html in (str(band), overview, dashboard, api.content.decode()):
        assert "9,430" not in html and "94300000" not in html


def test_it_keeps_the_band_to_the_filtered_rows(transfer: None, login: Any) -> None:
    html = login("linxiashi_entry").get(
        reverse("funds:list"), {"year": 2023, "reported_by": "recipient"}).content.decode()
    assert _cards(html) == {"受援方到位": "4,715.00 万元"}
