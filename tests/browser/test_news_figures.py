"""A reviewer finds a report through the queue's filters, ticks its fund-delivery amount and
accepts it; the fund movement appears in the funds ledger, created by the reviewer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REPORT = """济南市党政代表团赴临夏州考察对接东西部协作工作
发布时间:2023-05-12
5月11日,济南市委书记刘强率济南市党政代表团赴临夏州考察对接东西部协作工作。临夏州委书记郭鹤立陪同考察。
当天下午,济南市—临夏州东西部协作联席会议在临夏市召开。会上,济南市向临夏州交付2023年帮扶资金3.2亿元。
"""


def test_a_reviewer_records_a_fund_delivery_from_a_report(
    signed_in, live_server, demo, settings: Any, tmp_path: Path
) -> None:
    from django.urls import reverse

    from xiezuo.funds.models import FundMovement
    from xiezuo.news.ingest import ingest

    settings.MEDIA_ROOT = tmp_path / "media"
    (report,) = ingest([("linxia.txt", REPORT.encode())]).created

    page = signed_in("linxia_reviewer")
    page.goto(f"{live_server.url}{reverse('news:queue')}")
    page.select_option("#id_event_type", "fund_delivery")
    page.click("#queue-filters button[type=submit]")
    page.click(f"#report-queue a[href$='/news/{report.pk}/']")
    page.wait_for_selector("#review-funds")
    assert page.input_value("#id_f-0-amount") == "320000000"
    page.check("#id_f-0-create")
    page.select_option("#id_f-0-type", "transfer")
    page.click("#accept")
    page.wait_for_url(f"{live_server.url}/meetings/*/")

    movement = FundMovement.objects.get()
    assert movement.created_by == demo["users"]["linxia_reviewer"]
    page.goto(f"{live_server.url}{reverse('funds:list')}")
    listed = page.text_content("main") or ""
    assert "2023年5月11日" in listed and "32,000.00" in listed  # 3.2亿元 shown in 万元
