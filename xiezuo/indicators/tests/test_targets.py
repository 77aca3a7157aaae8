"""Annual targets: entered per pairing, year and indicator, with the agreement attached, and
scoped like every ledger."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from xiezuo.core.models import Attachment
from xiezuo.indicators.models import AnnualTarget, Indicator, ManualEntry

pytestmark = pytest.mark.django_db


def test_it_records_a_target_and_attaches_the_agreement(demo, login) -> None:
    client = login("jinan_admin")
    fiscal = Indicator.objects.get(code="fiscal_aid")
    jn_lx = demo["pairings"]["jn-lx"]
    response = client.post(reverse("indicators:targets:create"), {
        "year": 2024, "indicator": fiscal.pk, "value": "150000000", "region": "622900",
        "pairing": jn_lx.pk, "agreement": "2024年济南临夏东西部协作协议"})
    assert response.status_code == 302, response.content.decode()[-2000:]
    target = AnnualTarget.objects.get()
    assert (target.pairing, target.value) == (jn_lx, Decimal("150000000"))
    upload = SimpleUploadedFile("协议.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    client.post(reverse("indicators:targets:attach", args=[target.pk]),
                {"file": upload, "kind": "document", "title": "协议文本"})
    assert Attachment.for_object(target).get().title == "协议文本"
    listing = client.get(reverse("indicators:targets:list")).content.decode()
    assert "15,000.00 万元" in listing


def test_it_refuses_a_second_target_for_the_same_pairing_year_indicator(demo, login) -> None:
    client = login("jinan_admin")
    fiscal = Indicator.objects.get(code="fiscal_aid")
    data = {"year": 2024, "indicator": fiscal.pk, "value": "1", "region": "622900",
            "pairing": demo["pairings"]["jn-lx"].pk}
    assert client.post(reverse("indicators:targets:create"), data).status_code == 302
    again = client.post(reverse("indicators:targets:create"), data)
    assert again.status_code == 200 and AnnualTarget.objects.count() == 1


def test_it_keeps_targets_inside_the_users_scope(demo, login) -> None:
    fiscal = Indicator.objects.get(code="fiscal_aid")
    p = demo["pairings"]
    target = AnnualTarget.objects.create(pairing=p["lmt-pg"], region=p["lmt-pg"].recipient,
                                         year=2024, indicator=fiscal, value=Decimal(1))
    client = login("linxiashi_entry")
    assert client.get(reverse("indicators:targets:detail", args=[target.pk])).status_code == 404
    assert "普格" not in client.get(reverse("indicators:targets:list")).content.decode()
    assert login("puge_entry").get(
        reverse("indicators:targets:detail", args=[target.pk])).status_code == 200


def test_it_enters_a_manual_figure_marked_as_manual(demo, login) -> None:
    client = login("puge_entry")
    social = Indicator.objects.get(code="social_funds")
    response = client.post(reverse("indicators:manual:create"), {
        "year": 2024, "indicator": social.pk, "as_of": "2024-11-30", "value": "80000",
        "region": "513428", "basis": "普格县 11 月汇总"})
    assert response.status_code == 302, response.content.decode()[-2000:]
    entry = ManualEntry.objects.get()
    assert entry.pairing == demo["pairings"]["lmt-pg"]  # matched from region and date
    assert "手工" in str(entry)
    bad = client.post(reverse("indicators:manual:create"), {
        "year": 2024, "indicator": social.pk, "as_of": "2023-11-30", "value": "1",
        "region": "513428", "basis": "x"})
    assert "截至日期应在所填年度内" in bad.content.decode()
