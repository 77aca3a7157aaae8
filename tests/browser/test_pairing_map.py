"""Log in, open the pairing map, filter it, switch language, and see real Chinese glyphs."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Draws two different characters on a canvas: missing CJK fonts render both as the same box.
GLYPHS_DIFFER = """() => {
  const c = document.createElement('canvas'); c.width = 40; c.height = 40;
  const g = c.getContext('2d');
  const shot = (ch) => { g.clearRect(0, 0, 40, 40); g.font = '32px sans-serif';
    g.fillText(ch, 2, 34); return Array.from(g.getImageData(0, 0, 40, 40).data).join(','); };
  const a = shot('协'), b = shot('作'), blank = (() => { g.clearRect(0,0,40,40);
    return Array.from(g.getImageData(0, 0, 40, 40).data).join(','); })();
  return a !== b && a !== blank;
}"""


def test_map_filter_and_language(signed_in, live_server) -> None:
    page = signed_in("national")
    page.click("text=结对地图")
    page.wait_for_url("**/pairings/map/")
    page.wait_for_selector("#pairing-map canvas")
    page.wait_for_function("document.getElementById('map-count').textContent.length > 0")
    all_years = int(page.text_content("#map-count").split()[0])
    assert all_years >= 10

    page.select_option("#map-year", "2018")
    page.wait_for_function(
        f"!document.getElementById('map-count').textContent.startsWith('{all_years} ')")
    in_2018 = int(page.text_content("#map-count").split()[0])
    assert 0 < in_2018 < all_years
    assert "year=2018" in page.url

    assert page.evaluate(GLYPHS_DIFFER), "Chinese characters render as boxes"
    assert "结对地图" in page.text_content("h1")

    page.click("button[name=language][value=en]")
    page.wait_for_load_state()
    assert page.text_content("h1").strip() == "Pairing map"
    page.click("button[name=language][value=zh-hans]")
    page.wait_for_load_state()
    assert page.text_content("h1").strip() == "结对地图"


def test_pairing_list_is_scoped_in_the_browser(signed_in, live_server) -> None:
    page = signed_in("puge_entry")
    page.goto(f"{live_server.url}/pairings/")
    rows = page.locator("#pairing-table tbody tr")
    assert rows.count() == 1
    assert "普格县" in rows.first.text_content()
