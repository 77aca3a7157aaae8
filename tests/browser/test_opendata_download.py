"""A county office opens 开放数据 from the navigation, filters by year and downloads its
projects as IATI XML, which is valid against the IATI 2.03 schema."""

from decimal import Decimal

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_filter_and_download_iati_xml(signed_in, live_server, demo) -> None:
    from xiezuo.ledgers.testing import county
    from xiezuo.opendata.validate import errors
    from xiezuo.projects.models import Project, Sector

    pairing, region = county(demo, "puge")
    for year, name in ((2023, "普基镇核桃基地"), (2024, "螺髻山镇冷链仓储")):
        Project.objects.create(pairing=pairing, region=region, year=year, name=name,
                               sector=Sector.objects.get(code="industry"),
                               budget_fiscal=Decimal("500000"))
    page = signed_in("puge_entry")
    page.click("nav >> text=开放数据")
    assert "符合条件的项目：2 个" in page.text_content("#opendata-count")
    page.fill("#id_year", "2024")
    page.click("button:has-text('查询')")
    page.wait_for_url("**/opendata/?*year=2024*")
    assert "符合条件的项目：1 个" in page.text_content("#opendata-count")
    with page.expect_download() as info:
        page.click("#download-xml")
    body = open(info.value.path(), "rb").read()
    assert errors(body) == []
    text = body.decode()
    assert "螺髻山镇冷链仓储" in text and "普基镇核桃基地" not in text
