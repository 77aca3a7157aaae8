"""Editing the indicator catalogue outside the admin: national administrators only,
validated against the ledgers, audited, versioned by year, figures rebuilt."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from xiezuo.core.models import AuditEntry
from xiezuo.indicators import aggregates
from xiezuo.indicators import compute as c
from xiezuo.indicators.models import Indicator
from xiezuo.indicators.tests.conftest import WAN

pytestmark = pytest.mark.django_db


def data(indicator: Indicator, **changes: Any) -> dict[str, Any]:
    import json

    out = {"code": indicator.code, "name": indicator.name, "name_en": indicator.name_en,
           "unit": indicator.unit, "is_money": "on" if indicator.is_money else "",
           "side": indicator.side, "source": indicator.source,
           "aggregation": indicator.aggregation, "value_field": indicator.value_field,
           "filters": json.dumps(indicator.filters), "also": json.dumps(indicator.also),
           "parent": indicator.parent_id or "", "period_type": indicator.period_type,
           "per_county": "on" if indicator.per_county else "",
           "valid_from": indicator.valid_from or "", "valid_to": indicator.valid_to or "",
           "sort_order": indicator.sort_order, "description": "", "new_version_from": ""}
    out.update(changes)
    return {k: v for k, v in out.items() if v != ""} | {
        k: "" for k, v in out.items() if v == "" and k not in ("is_money", "per_county")}


def test_it_edits_an_entry_audits_it_and_rebuilds_its_figures(gansu, login) -> None:
    fiscal = Indicator.objects.get(code="fiscal_aid")
    aggregates.rebuild()
    client = login("national")
    url = reverse("indicators:edit", args=[fiscal.pk])
    assert client.get(url).status_code == 200
    # count the recipient's records instead of the donor's
    filters = '{"type": "transfer", "source": "fiscal", "reported_by": "recipient"}'
    response = client.post(url, data(fiscal, filters=filters, name="财政援助资金（受援方）"))
    assert response.status_code == 302, response.content.decode()[:3000]
    fiscal.refresh_from_db()
    assert fiscal.filters["reported_by"] == "recipient"
    entry = AuditEntry.for_object(fiscal).latest("pk")
    assert entry.actor_label and entry.changes["filters"][1]["reported_by"] == "recipient"
    assert entry.changes["name"] == ["财政援助资金", "财政援助资金（受援方）"]
    assert fiscal.pk in aggregates.built([fiscal])  # its new definition's figures
    zq = c.pairing_subject(gansu["pairings"]["zq-jss"])
    period = c.Period(2023)
    assert fiscal.pk in c.from_aggregates([fiscal], [period])
    assert c.compute([fiscal], [zq], [period]).get(fiscal, zq, period).value == 99 * WAN


def test_it_starts_a_new_version_from_a_year(gansu, login) -> None:
    fiscal = Indicator.objects.get(code="fiscal_aid")
    client = login("national")
    response = client.post(reverse("indicators:edit", args=[fiscal.pk]),
                           data(fiscal, unit="万元", new_version_from="2024"))
    assert response.status_code == 302, response.content.decode()[:3000]
    fiscal.refresh_from_db()
    assert (fiscal.valid_to, fiscal.unit) == (2023, "元")
    new = Indicator.objects.get(code="fiscal_aid", valid_from=2024)
    assert new.unit == "万元"
    assert list(Indicator.objects.for_year(2023).filter(code="fiscal_aid")) == [fiscal]
    assert list(Indicator.objects.for_year(2024).filter(code="fiscal_aid")) == [new]
    assert AuditEntry.for_object(fiscal).filter(changes__has_key="valid_to").exists()


@pytest.mark.parametrize(("change", "field_message"), [
    ({"value_field": "no_such_field"}, "没有字段「no_such_field」"),
    ({"filters": '["not", "an", "object"]'}, "JSON 对象"),
    ({"also": '[{"source": "labour.LabourCount", "value_field": "nobody"}]'}, "nobody"),
    ({"valid_from": "2024", "valid_to": "2020"}, "终止年度不能早于起始年度"),
])
def test_it_refuses_a_bad_entry(gansu, login, change, field_message) -> None:
    fiscal = Indicator.objects.get(code="fiscal_aid")
    before = (fiscal.value_field, fiscal.filters, fiscal.also, fiscal.valid_to)
    client = login("national")  # signing in is itself audited
    audits = AuditEntry.objects.count()
    response = client.post(reverse("indicators:edit", args=[fiscal.pk]), data(fiscal, **change))
    assert response.status_code == 200
    assert field_message in response.content.decode()
    fiscal.refresh_from_db()
    assert (fiscal.value_field, fiscal.filters, fiscal.also, fiscal.valid_to) == before
    assert AuditEntry.objects.count() == audits


@pytest.mark.parametrize("who", ["jinan_admin", "linxiashi_entry", "gansu_viewer"])
def test_it_lets_only_national_administrators_edit(gansu, login, who) -> None:
    fiscal = Indicator.objects.get(code="fiscal_aid")
    client = login(who)
    assert client.get(reverse("indicators:edit", args=[fiscal.pk])).status_code == 403
    assert client.post(reverse("indicators:edit", args=[fiscal.pk]),
                       data(fiscal, name="改名")).status_code == 403
    assert client.get(reverse("indicators:new")).status_code == 403
    fiscal.refresh_from_db()
    assert fiscal.name == "财政援助资金"
