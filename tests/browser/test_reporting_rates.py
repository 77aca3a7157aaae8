"""Who has not reported: the province's reviewer opens the reporting rates, sees 积石山 — which
never opened October — late beside 临夏市, and reminds it in one click."""

import pytest

from xiezuo.accounts.models import Office, User
from xiezuo.core.scoping import Role
from xiezuo.regions.models import Region
from xiezuo.reporting import demo as reporting_demo
from xiezuo.reporting.models import Notification

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_late_counties_are_listed_and_reminded(signed_in, live_server, demo) -> None:
    import importlib

    from django.apps import apps

    importlib.import_module("xiezuo.reporting.migrations.0002_default_data_set").seed(apps, None)
    reporting_demo.load()
    jss = Region.objects.get(code="622927", valid_to__isnull=True)
    clerk = User.objects.create(username="jss_entry", role=Role.DATA_ENTRY, office=Office.objects
                                .create(name="积石山县协作工作组", region=jss, side="recipient"))

    page = signed_in("gansu_approver")
    page.click("nav.sidenav >> text=上报率")
    page.fill("#id_period", "2026-10")
    page.click("button:has-text('查询')")
    counties = page.text_content("#counties")
    assert "积石山" in counties and "未打开" in counties and "临夏市" in counties
    assert "普格" not in counties  # another province
    page.click("#remind")
    assert "已向 1 个县的 1 名填报人员发送催报通知" in page.text_content("main")
    assert Notification.objects.filter(user=clerk, text__startswith="请尽快报送").exists()
