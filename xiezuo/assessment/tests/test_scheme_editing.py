"""Editing a scheme outside the admin: national administrators only, validated (weights add
up to 100, grade boundaries in order, steps well formed), every change in the audit log."""

from __future__ import annotations

from decimal import Decimal as D
from typing import Any

import pytest
from django.urls import reverse

from xiezuo.assessment.models import Item, Rule, Scheme
from xiezuo.assessment.tests.test_scoring import gansu_counties, scheme  # noqa: F401
from xiezuo.core.models import AuditEntry
from xiezuo.indicators.models import Indicator

pytestmark = pytest.mark.django_db


def post_data(obj: Scheme, items: list[dict[str, Any]], **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "year": obj.year, "name": obj.name, "level": obj.level,
        "cutoff_month": obj.cutoff_month, "cutoff_day": obj.cutoff_day,
        "good_from": obj.good_from, "fairly_good_from": obj.fairly_good_from,
        "fair_from": obj.fair_from, "notes": "",
        "items-TOTAL_FORMS": len(items), "items-INITIAL_FORMS": sum(1 for i in items if
                                                                    i.get("id")),
        "items-MIN_NUM_FORMS": 0, "items-MAX_NUM_FORMS": 1000, **changes}
    for n, item in enumerate(items):
        for key, value in item.items():
            data[f"items-{n}-{key}"] = value
    return data


def current(obj: Scheme) -> list[dict[str, Any]]:
    return [{"id": i.pk, "scheme": obj.pk, "indicator": i.indicator_id, "rule": i.rule,
             "weight": i.weight, "cap": i.cap, "steps": "[]", "threshold": "",
             "sort_order": i.sort_order} for i in obj.items.all()]


def test_it_changes_weights_and_boundaries_and_audits_them(scheme, login) -> None:  # noqa: F811
    client = login("national")
    url = reverse("assessment:scheme_edit", args=[scheme.pk])
    assert client.get(url).status_code == 200
    labour = Indicator.objects.get(code="labour_jobs")
    items = current(scheme)
    items[0]["weight"] = "70"
    items.append({"indicator": labour.pk, "rule": Rule.STEPS, "weight": "30", "cap": "1",
                  "steps": "[[1, 1], [0.8, 0.5]]", "threshold": "", "sort_order": 3})
    response = client.post(url, post_data(scheme, items, good_from="92"))
    assert response.status_code == 302, response.content.decode()[:3000]
    scheme.refresh_from_db()
    assert scheme.good_from == D(92)
    assert sorted((i.indicator.code, i.rule, i.weight) for i in scheme.items.all()) == [
        ("fiscal_aid", "ratio", D(70)), ("fiscal_aid", "yoy_penalty", D(10)),
        ("labour_jobs", "steps", D(30))]
    entries = AuditEntry.for_object(scheme)
    assert any(e.changes.get("good_from") == ["90.00", "92.00"] or "good_from" in e.changes
               for e in entries)
    items_entry = next(e for e in entries if e.reason == "考核指标")
    assert items_entry.actor_id == scheme.updated_by_id
    texts = " ".join(str(v) for pair in items_entry.changes.values() for v in pair)
    assert "70" in texts and "帮助农村劳动力就业" in texts


@pytest.mark.parametrize(("change", "message"), [
    ({"weight": "60"}, "分值合计应为 100"),
    ({"rule": Rule.STEPS, "steps": "[[0.8, 0.5], [1, 1]]"}, "从高到低"),
    ({"rule": Rule.STEPS, "steps": "[[1, 2]]"}, "0 至 1"),
    ({"rule": Rule.BONUS, "threshold": ""}, "加分门槛"),
])
def test_it_refuses_bad_items_and_writes_nothing(scheme, login, change, message) -> None:  # noqa: F811
    client = login("national")
    items = current(scheme)
    items[0].update(change)
    before = list(Item.objects.values_list("rule", "weight", "steps"))
    audits = AuditEntry.objects.count()
    response = client.post(reverse("assessment:scheme_edit", args=[scheme.pk]),
                           post_data(scheme, items))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert list(Item.objects.values_list("rule", "weight", "steps")) == before
    assert AuditEntry.objects.count() == audits


def test_it_refuses_grade_boundaries_out_of_order(scheme, login) -> None:  # noqa: F811
    client = login("national")
    response = client.post(reverse("assessment:scheme_edit", args=[scheme.pk]),
                           post_data(scheme, current(scheme), good_from="70"))
    assert response.status_code == 200
    assert "好 ≥ 较好 ≥ 一般" in response.content.decode()
    scheme.refresh_from_db()
    assert scheme.good_from == D(90)


def test_it_creates_a_scheme(scheme, login) -> None:  # noqa: F811
    client = login("national")
    fiscal = Indicator.objects.get(code="fiscal_aid")
    new = Scheme(year=2024, name="二〇二四年方案", level="county")
    response = client.post(reverse("assessment:scheme_new"), post_data(new, [
        {"indicator": fiscal.pk, "rule": Rule.RATIO, "weight": "100", "cap": "1.2",
         "steps": "", "threshold": "", "sort_order": 1}]))
    assert response.status_code == 302, response.content.decode()[:3000]
    made = Scheme.objects.get(year=2024)
    assert made.items.get().weight == D(100)
    assert AuditEntry.for_object(made).filter(action="create").exists()


@pytest.mark.parametrize("who", ["jinan_admin", "linxiashi_entry", "gansu_viewer"])
def test_it_lets_only_national_administrators_edit(scheme, login, who) -> None:  # noqa: F811
    client = login(who)
    url = reverse("assessment:scheme_edit", args=[scheme.pk])
    assert client.get(url).status_code == 403
    response = client.post(url, post_data(scheme, current(scheme), name="改名"))
    assert response.status_code == 403
    scheme.refresh_from_db()
    assert scheme.name == "测试方案"
    assert client.get(reverse("assessment:scheme_new")).status_code == 403
