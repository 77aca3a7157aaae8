"""Data quality rules as data (DHIS2's validation rules): a field's range, a field not above
another of the same row, the period's total against the same month last year; run when
临夏市 submits October 2026, shown to the prefecture's reviewer, refusing nothing. Rules are
edited by national and provincial administrators, audited."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from xiezuo.accounts.models import Office, User
from xiezuo.core.models import AuditEntry
from xiezuo.core.scoping import Role
from xiezuo.industry.models import Enterprise
from xiezuo.ledgers.testing import county
from xiezuo.reporting import actions
from xiezuo.reporting.models import QualityFinding, QualityRule, RuleKind

pytestmark = pytest.mark.django_db

SUBMIT_DAY = dt.date(2026, 10, 20)


@pytest.fixture
def rules(db):
    return {
        "range": QualityRule.objects.create(name="单笔采购不超过10万元",
                                            ledger="consumption.consumption", field="amount",
                                            kind=RuleKind.RANGE, maximum=Decimal("100000")),
        "yoy": QualityRule.objects.create(name="消费帮扶同比变化不超过3倍",
                                          ledger="consumption.consumption", field="amount",
                                          kind=RuleKind.YEAR_ON_YEAR, ratio=Decimal("3")),
        "relation": QualityRule.objects.create(
            name="实际到位投资不超过协议投资", ledger="industry.enterprise",
            field="actual_investment", kind=RuleKind.RELATION,
            other_field="agreed_investment"),
    }


def _enterprise(demo, actual: str) -> Enterprise:
    pairing, region = county(demo, "linxia")
    sector = Enterprise._meta.get_field("sector").choices[0][0]
    return Enterprise.objects.create(pairing=pairing, region=region, name="临夏牛肉加工厂",
                                     sector=sector, signed_on=dt.date(2026, 10, 10),
                                     agreed_investment=Decimal("1000000"),
                                     actual_investment=Decimal(actual))


def test_the_rules_run_on_submission_and_the_reviewer_sees_them(
        demo, data_set, draft, rules, make_purchase, users, login):
    data_set.ledgers = [*data_set.ledgers, "industry.enterprise"]
    data_set.save()
    make_purchase(day=dt.date(2025, 10, 12), amount="10000")  # last October
    _enterprise(demo, "1500000")
    sub = actions.submit(draft, users["linxiashi_entry"], today=SUBMIT_DAY)
    found = {f.rule.name: f.message for f in QualityFinding.objects.filter(submission=sub)}
    assert set(found) == {r.name for r in rules.values()}
    assert "120000" in found["单笔采购不超过10万元"]
    assert "上年同期 10000" in found["消费帮扶同比变化不超过3倍"]
    assert "大于协议投资" in found["实际到位投资不超过协议投资"]
    page = login("linxia_reviewer").get(reverse("reporting:detail", args=[sub.pk]))
    panel = page.content.decode().split('id="quality-findings"')[1].split("</section>")[0]
    assert "实际到位投资不超过协议投资" in panel and "单笔采购不超过10万元" in panel


def test_a_clean_month_has_no_findings_and_a_resubmission_replaces_them(
        demo, draft, rules, users, login):
    sub = actions.submit(draft, users["linxiashi_entry"], today=SUBMIT_DAY)
    assert QualityFinding.objects.filter(submission=sub).count() == 1  # 120000 only
    sub = actions.return_(sub, users["linxia_reviewer"], "请核实采购金额")
    QualityRule.objects.filter(pk=rules["range"].pk).update(maximum=Decimal("200000"))
    sub = actions.submit(sub, users["linxiashi_entry"], today=SUBMIT_DAY)
    assert not QualityFinding.objects.filter(submission=sub).exists()
    page = login("linxia_reviewer").get(reverse("reporting:detail", args=[sub.pk]))
    assert 'id="quality-findings"' not in page.content.decode()


def test_national_and_provincial_administrators_edit_the_rules(demo, login, client):
    form = {"name": "采购金额下限", "ledger": "consumption.consumption", "field": "amount",
            "kind": RuleKind.RANGE, "minimum": "100", "active": "on"}
    province_admin = User.objects.create(username="gansu_admin", role=Role.OFFICE_ADMIN,
                                         office=Office.objects.get(name="甘肃省乡村振兴局"))
    client.force_login(province_admin)
    assert client.post(reverse("reporting:quality_rule_create"), form).status_code == 302
    rule = QualityRule.objects.get()
    [entry] = AuditEntry.for_object(rule).filter(action="create")
    assert entry.actor_label == "gansu_admin"
    r = login("national").post(reverse("reporting:quality_rule_edit", args=[rule.pk]),
                               {**form, "minimum": "500"})
    assert r.status_code == 302
    assert AuditEntry.for_object(rule).filter(action="update").exists()
    for persona in ("jinan_admin", "gansu_viewer", "linxiashi_entry"):
        client = login(persona)
        assert client.get(reverse("reporting:quality_rule_create")).status_code == 403
        assert client.get(reverse("reporting:quality_rules")).status_code == 200


@pytest.mark.parametrize(("change", "where"), [
    ({"field": "product"}, "field"), ({"field": "nothing"}, "field"),
    ({"minimum": ""}, "minimum"), ({"minimum": "9", "maximum": "1"}, "maximum"),
    ({"kind": RuleKind.RELATION, "other_field": ""}, "other_field"),
    ({"kind": RuleKind.YEAR_ON_YEAR, "ratio": "1"}, "ratio"),
    ({"kind": RuleKind.OUTLIER, "threshold": "0", "min_history": "6"}, "threshold"),
    ({"kind": RuleKind.OUTLIER, "threshold": "3.5", "min_history": "2"}, "min_history"),
])
def test_a_bad_rule_is_refused_where_it_is_wrong(demo, login, change, where):
    form = {"name": "规则", "ledger": "consumption.consumption", "field": "amount",
            "kind": RuleKind.RANGE, "minimum": "100", "active": "on", **change}
    r = login("national").post(reverse("reporting:quality_rule_create"), form)
    assert r.status_code == 200 and f'id="id_{where}-errors"' in r.content.decode()
    assert not QualityRule.objects.exists()


def test_an_outlier_rule_is_made_with_its_threshold_and_history(demo, login):
    form = {"name": "消费帮扶月度合计异常", "ledger": "consumption.consumption",
            "field": "amount", "kind": RuleKind.OUTLIER, "threshold": "3", "min_history": "8",
            "minimum": "", "maximum": "", "ratio": "", "active": "on"}
    r = login("national").post(reverse("reporting:quality_rule_create"), form)
    assert r.status_code == 302
    rule = QualityRule.objects.get()
    assert (rule.threshold, rule.min_history) == (Decimal(3), 8)
    page = login("national").get(reverse("reporting:quality_rules")).content.decode()
    assert "k = 3.00，至少 8 期历史" in page
