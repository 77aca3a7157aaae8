"""Stored XSS on the maps: a region name set by an administrator is data, never HTML, where
it meets a chart (the pairing map's and the dashboard map's tooltips)."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAYLOAD = "<img src=x onerror=__xss=1>"  # fits a short name (32 characters)

SHOW_TIP = """(id) => {
  const chart = echarts.getInstanceByDom(document.getElementById(id));
  chart.dispatchAction({type: 'showTip', seriesIndex: 0, dataIndex: 0});
  return true;
}"""


def _rename_donors() -> None:
    """Every donor region's name becomes the payload, as an administrator could set it."""
    from xiezuo.pairings.models import Pairing
    from xiezuo.regions.models import Region

    donors = Pairing.objects.filter(donor__isnull=False).values("donor")
    Region.objects.filter(pk__in=donors).update(name=PAYLOAD, short_name=PAYLOAD)


def _assert_inert(page, chart_id: str) -> None:
    page.evaluate(SHOW_TIP, chart_id)
    page.wait_for_timeout(300)
    assert page.evaluate("window.__xss") is None, "the region name ran as script"
    assert page.locator(f"#{chart_id} img").count() == 0
    assert page.evaluate("document.querySelectorAll('body img[src=x]').length") == 0


def test_a_region_name_on_the_pairing_map_is_text(signed_in, live_server) -> None:
    page = signed_in("national")
    _rename_donors()
    page.goto(f"{live_server.url}/pairings/map/")
    page.wait_for_function("document.getElementById('map-count').textContent.length > 0")
    _assert_inert(page, "pairing-map")


def test_a_region_name_on_the_dashboard_map_is_text(signed_in, live_server, demo) -> None:
    import datetime as dt
    from decimal import Decimal

    from xiezuo.funds.models import FundMovement
    from xiezuo.indicators import catalogue

    catalogue.load()  # transactional tests flush the migration's data
    pairings = demo["pairings"]
    for key in ("zq-jss", "szq-lxs"):
        p = pairings[key]
        FundMovement.objects.create(pairing=p, region=p.recipient, year=2023,
                                    date=dt.date(2023, 5, 1), type="transfer",
                                    source="fiscal", amount=Decimal(500_000),
                                    reported_by="donor")
    page = signed_in("national")
    _rename_donors()
    page.goto(f"{live_server.url}/indicators/dashboard/pairing/{pairings['jn-lx'].pk}/?year=2023")
    page.wait_for_selector("#chart-map canvas")
    page.wait_for_function("echarts.getInstanceByDom(document.getElementById('chart-map'))")
    _assert_inert(page, "chart-map")
