"""Region and pairing dashboards: figures, scoping, drill-down, cache and query counts."""

from __future__ import annotations

import re

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    caches["shared"].clear()
    yield
    caches["shared"].clear()


def kpi_text(html: str, code: str) -> str:
    match = re.search(rf'id="kpi-{code}"[^>]*>(.*?)</a>', html, re.S)
    assert match, code
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(1)))


def test_it_shows_a_prefecture_its_figures_and_ranks_its_counties(gansu, login) -> None:
    client = login("national")
    html = client.get(reverse("indicators:region", args=["622900"]),
                      {"year": 2023}).content.decode()
    assert "180.00 万元" in kpi_text(html, "fiscal_aid")
    ranking = re.search(r'id="ranking".*?</table>', html, re.S).group(0)
    assert ranking.index("积石山") < ranking.index("临夏市")  # 100 before 50


def test_it_shows_year_on_year_and_per_county_on_the_card(gansu, login) -> None:
    client = login("national")
    html = client.get(reverse("indicators:pairing", args=[gansu["pairings"]["zq-jss"].pk]),
                      {"year": 2023}).content.decode()
    text = kpi_text(html, "fiscal_aid")
    assert "100.00 万元" in text and "+25.0%" in text and "县均 100.00 万元" in text


def test_it_shows_a_not_yet_wired_ledger_as_not_available(gansu, login) -> None:
    from xiezuo.indicators.models import Indicator

    Indicator.objects.create(code="future", name="未来台账指标", unit="个",
                             source="future.Record", aggregation="count")
    html = login("national").get(reverse("indicators:country"), {"year": 2023}).content
    assert "暂不可用" in kpi_text(html.decode(), "future")


def test_it_lets_a_county_see_its_own_dashboard_not_its_neighbours(gansu, login) -> None:
    client = login("linxiashi_entry")
    own = client.get(reverse("indicators:region", args=["622901"]), {"year": 2023})
    assert own.status_code == 200
    assert "50.00 万元" in kpi_text(own.content.decode(), "fiscal_aid")
    assert client.get(reverse("indicators:region", args=["622927"])).status_code == 404
    assert client.get(reverse("indicators:region", args=["622900"])).status_code == 404
    assert client.get(reverse("indicators:country")).status_code == 404
    zq = gansu["pairings"]["zq-jss"]
    assert client.get(reverse("indicators:pairing", args=[zq.pk])).status_code == 404
    drill = client.get(reverse("indicators:drill"), {
        "indicator": 1, "year": 2023, "pairing": zq.pk})
    assert drill.status_code == 404


def test_it_sends_each_user_to_their_own_office_dashboard(gansu, login) -> None:
    response = login("jinan_admin").get(reverse("indicators:dashboard"))
    assert response.status_code == 302
    assert response["Location"] == reverse("indicators:region", args=["370100"]) + "?side=donor"
    response = login("national").get(reverse("indicators:dashboard"))
    assert response["Location"] == reverse("indicators:country")


def test_it_drills_from_a_card_to_the_rows_behind_it(gansu, login) -> None:
    client = login("jinan_admin")
    html = client.get(reverse("indicators:pairing", args=[gansu["pairings"]["jn-lx"].pk]),
                      {"year": 2023}).content.decode()
    href = re.search(r'id="kpi-fiscal_aid" href="([^"]+)"', html).group(1).replace("&amp;", "&")
    drill = client.get(href).content.decode()
    rows = re.search(r'id="drill-rows".*?</table>', drill, re.S).group(0)
    assert rows.count("<tr>") == 4  # header + 30, 50 and 100 万元
    assert "180.00 万元" in drill
    assert "积石山" in rows and "临夏市" in rows


def test_it_links_a_drill_down_to_the_ledger_list_with_its_filters(gansu, login) -> None:
    from xiezuo.indicators.models import Indicator

    client = login("national")
    fiscal = Indicator.objects.get(code="fiscal_aid")
    drill = client.get(reverse("indicators:drill"), {
        "indicator": fiscal.pk, "year": 2023, "region": "622927"}).content.decode()
    href = re.search(r'href="([^"]+)" id="ledger-link"', drill).group(1).replace("&amp;", "&")
    assert href.startswith(reverse("funds:list"))
    listing = client.get(href).content.decode()
    body = re.search(r"<tbody>(.*?)</tbody>", listing, re.S).group(1)
    assert body.count("<tr") == 1 and "100.00" in body


@pytest.mark.parametrize(("who", "url_args"), [("national", None), ("jinan_admin", "jn-lx")])
def test_it_pins_the_dashboard_query_count(gansu, login, who, url_args) -> None:
    client = login(who)
    url = (reverse("indicators:pairing", args=[gansu["pairings"][url_args].pk]) if url_args
           else reverse("indicators:region", args=["620000"]))
    with CaptureQueriesContext(connection) as cold:
        assert client.get(url, {"year": 2023}).status_code == 200
    with CaptureQueriesContext(connection) as warm:
        html = client.get(url, {"year": 2023}).content.decode()
    assert "缓存" in html
    assert (len(cold), len(warm)) == EXPECTED[who]


#: cold: one aggregate per ledger model (the pre-aggregates not built here; see
#: test_aggregates for the page served from them) plus their state, ranking, trends, map
#: and attention lists; warm: session, user, office and the cache read
EXPECTED: dict[str, tuple[int, int]] = {"national": (42, 5), "jinan_admin": (42, 7)}


def test_it_precomputes_dashboards_into_the_cache(gansu, login) -> None:
    from django.core.management import call_command

    from xiezuo.indicators import compute as c
    from xiezuo.indicators import dashboard

    call_command("warm_dashboards", "--years", "1", stdout=None)
    year = c.Period(__import__("datetime").date.today().year)
    key = dashboard.cache_key(c.region_subject(gansu["regions"]["620000"]), year, "")
    assert caches["shared"].get(key) is not None
    html = login("gansu_viewer").get(reverse("indicators:region", args=["620000"])).content
    assert "缓存" in html.decode()
