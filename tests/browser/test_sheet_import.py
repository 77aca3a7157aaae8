"""A county office brings its own fund-allocation table (the real 北塔区 table, as offices
circulate it in Excel: merged title, unit line, two-level header, merged villages, 小计 and
合计 rows, a footnote), checks the reading beside the suggested mapping, enters the year and
sector once, previews and confirms; at 1366×768 and on a 390-px phone."""

import pytest

from xiezuo.sheets.tests.conftest import DATA, hunan_offices

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def hunan(demo):
    return hunan_offices(demo)


def test_an_office_imports_its_own_table(signed_in, live_server, hunan) -> None:
    from xiezuo.projects.models import Project
    from xiezuo.sheets.models import SavedMapping

    page = signed_in("beita_entry")
    page.click("text=导入本单位表格")
    page.select_option("#id_ledger", "projects.project")
    page.set_input_files("#id_file", str(DATA / "02.xlsx"))
    page.click("button:has-text('上传并识别')")
    page.wait_for_selector("#sheet-grid")
    assert page.text_content("#sheet-records").strip() == "16"
    assert page.get_attribute("tr[data-row='23']", "data-role") == "total"
    assert page.get_attribute("tr[data-row='12']", "data-role") == "subtotal"
    assert page.locator("#sheet-check-table tbody tr").count() == 5
    assert "不符" not in page.text_content("#sheet-check-table")
    assert page.input_value("select[name='col-2']") == "name"  # 项目名称
    assert page.input_value("select[name='col-1']") == "village"  # 村名, merged down
    # the grid and the mapping side by side on an office screen
    grid = page.locator(".sheet-wrap").bounding_box()
    mapping = page.locator(".mapping-list").bounding_box()
    assert grid["x"] + grid["width"] <= mapping["x"] and mapping["x"] + mapping["width"] <= 1366

    assert page.input_value("#id_c-year") == "2020"  # from the title
    assert page.input_value("#id_c-region").startswith("430511")  # the office's county
    page.select_option("#id_c-sector", label="产业")
    page.click("#sheet-preview-button")
    page.wait_for_selector("#sheet-preview")
    assert page.text_content("#sheet-preview").split() == ["16", "/", "0", "/", "0", "/", "0"]
    assert Project.objects.count() == 0

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    panes = page.locator(".sheet-panes").bounding_box()
    assert panes["x"] + panes["width"] <= 390 + 1
    mapping = page.locator(".mapping-list").bounding_box()
    assert mapping["x"] + mapping["width"] <= 390 + 1
    page.set_viewport_size({"width": 1366, "height": 768})

    page.click("#sheet-confirm")
    page.wait_for_selector("#sheet-done")
    assert "新增 16 条" in page.text_content("#sheet-done")
    assert Project.objects.filter(region__code="430511", year=2020).count() == 16
    assert SavedMapping.objects.filter(office=hunan["beita"]["office"]).count() == 1
