"""The national catalogue is data, preloaded, versioned per year, and degrades gracefully."""

from __future__ import annotations

import pytest
from django.urls import reverse

from xiezuo.indicators import catalogue
from xiezuo.indicators.models import Indicator

pytestmark = pytest.mark.django_db


def test_it_preloads_the_national_catalogue() -> None:
    codes = set(Indicator.objects.values_list("code", flat=True))
    assert {row[0] for row in catalogue.NATIONAL} <= codes
    poverty = Indicator.objects.get(code="labour_jobs_poverty")
    assert poverty.parent is not None and poverty.parent.code == "labour_jobs"
    assert Indicator.objects.get(code="fiscal_aid").per_county


def test_it_loads_again_without_duplicates() -> None:
    before = Indicator.objects.count()
    catalogue.load()
    assert Indicator.objects.count() == before


def test_every_catalogue_source_is_a_declared_ledger() -> None:
    from xiezuo.ledgers.declare import declared_ledgers

    sources = set(Indicator.objects.exclude(source="").values_list("source", flat=True))
    sources |= {str(extra["source"]) for also in Indicator.objects.values_list("also", flat=True)
                for extra in also or []}
    assert {s.lower() for s in sources} <= set(declared_ledgers())


def test_it_keeps_a_version_per_year() -> None:
    old = Indicator.objects.get(code="fiscal_aid")
    old.valid_to = 2020
    old.save()
    Indicator.objects.create(code="fiscal_aid", name="财政援助资金（2021年起口径）", unit="元",
                             is_money=True, source="funds.FundMovement", value_field="amount",
                             filters={"type": "transfer"}, valid_from=2021)
    assert Indicator.objects.for_year(2019).get(code="fiscal_aid").pk == old.pk
    assert Indicator.objects.for_year(2023).get(code="fiscal_aid").valid_from == 2021


def test_it_lists_the_catalogue_with_what_is_not_available(login) -> None:
    Indicator.objects.create(code="later", name="以后接入的指标", unit="个",
                             source="later.Thing", aggregation="count")
    html = login("gansu_viewer").get(reverse("indicators:catalogue")).content.decode()
    assert "财政援助资金" in html and "以后接入的指标" in html and "暂不可用" in html
    fiscal = Indicator.objects.get(code="fiscal_aid")
    detail = login("gansu_viewer").get(reverse("indicators:detail", args=[fiscal.pk]))
    assert "funds.FundMovement" in detail.content.decode()


def test_in_english_the_button_says_view_not_the_viewer_role(login) -> None:
    from django.conf import settings

    client = login("national")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the language switch's choice
    page = client.get(reverse("indicators:catalogue"))
    html = page.content.decode()
    assert '<button class="btn btn-primary" type="submit">View</button>' in html
