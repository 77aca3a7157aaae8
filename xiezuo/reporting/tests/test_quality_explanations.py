"""The county's explanation of a data quality finding (情况说明): 临夏市's clerk writes it on
the month's page before or after submitting, until the month is approved; the prefecture's
reviewer reads it beside the finding; each write is audited with its author; nobody else
writes it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from xiezuo.core.models import AuditEntry
from xiezuo.reporting import actions
from xiezuo.reporting.models import FindingExplanation, QualityFinding, QualityRule, RuleKind

pytestmark = pytest.mark.django_db

SUBMIT_DAY = dt.date(2026, 10, 20)


@pytest.fixture
def rule(db: None) -> QualityRule:
    return QualityRule.objects.create(name="单笔采购不超过10万元",
                                      ledger="consumption.consumption", field="amount",
                                      kind=RuleKind.RANGE, maximum=Decimal("100000"))


def _form(draft, rule) -> dict[str, str]:
    [finding] = actions.current_findings(draft)
    return {"rule": str(rule.pk), "record_id": finding.record_id,
            "text": "国庆节前机关食堂集中采购，已核对发票"}


def _panel(response) -> str:
    return str(response.content.decode().split('id="quality-findings"')[1].split("</section>")[0])


def test_the_county_explains_before_submitting_and_the_reviewer_reads_it(
        draft, rule, users, login) -> None:
    form = _form(draft, rule)
    clerk = login("linxiashi_entry")
    r = clerk.post(reverse("reporting:explain", args=[draft.pk]), form)
    assert r.status_code == 302 and r.url.endswith("#quality-findings")
    explanation = FindingExplanation.objects.get()
    assert explanation.text == form["text"] and explanation.record_id == form["record_id"]
    [entry] = AuditEntry.for_object(explanation)
    assert entry.action == "create" and entry.actor_label == "linxiashi_entry"
    assert form["text"] in _panel(clerk.get(reverse("reporting:detail", args=[draft.pk])))

    sub = actions.submit(draft, users["linxiashi_entry"], today=SUBMIT_DAY)
    assert QualityFinding.objects.filter(submission=sub).count() == 1
    page = _panel(login("linxia_reviewer").get(reverse("reporting:detail", args=[sub.pk])))
    assert "单笔采购不超过10万元" in page and form["text"] in page and "保存说明" not in page


def test_the_county_changes_and_withdraws_it_after_submitting_each_audited(
        draft, rule, users, login) -> None:
    form = _form(draft, rule)
    sub = actions.submit(draft, users["linxiashi_entry"], today=SUBMIT_DAY)
    clerk = login("linxiashi_entry")
    clerk.post(reverse("reporting:explain", args=[sub.pk]), form)
    clerk.post(reverse("reporting:explain", args=[sub.pk]), {**form, "text": "已核实：120000 无误"})
    explanation = FindingExplanation.objects.get()
    assert explanation.text == "已核实：120000 无误"
    update = AuditEntry.for_object(explanation).get(action="update")
    assert update.actor_label == "linxiashi_entry"
    clerk.post(reverse("reporting:explain", args=[sub.pk]), {**form, "text": "  "})
    assert not FindingExplanation.objects.exists()
    assert AuditEntry.objects.filter(action="delete", object_id=str(explanation.pk),
                                     content_type__model="findingexplanation").exists()


def test_it_survives_a_return_and_a_resubmission(draft, rule, users) -> None:
    form = _form(draft, rule)
    actions.explain(draft, users["linxiashi_entry"], rule.pk, form["record_id"], form["text"])
    sub = actions.submit(draft, users["linxiashi_entry"], today=SUBMIT_DAY)
    sub = actions.return_(sub, users["linxia_reviewer"], "请补充说明")
    sub = actions.submit(sub, users["linxiashi_entry"], today=SUBMIT_DAY)
    assert FindingExplanation.objects.get(submission=sub).text == form["text"]


def test_nobody_else_writes_it_and_not_after_approval(draft, rule, users, login) -> None:
    form = _form(draft, rule)
    url = reverse("reporting:explain", args=[draft.pk])
    assert login("puge_entry").post(url, form).status_code == 404
    assert login("linxia_reviewer").post(url, form).status_code == 403
    assert login("linxiashi_entry").get(url).status_code == 405
    with pytest.raises(actions.Refused, match="没有这条数据质量提示"):
        actions.explain(draft, users["linxiashi_entry"], rule.pk, "999999", "说明")
    sub = actions.submit(draft, users["linxiashi_entry"], today=SUBMIT_DAY)
    sub = actions.review(sub, users["linxia_reviewer"])
    sub = actions.approve(sub, users["gansu_approver"])
    with pytest.raises(actions.Refused, match="已批准"):
        actions.explain(sub, users["linxiashi_entry"], rule.pk, form["record_id"], "说明")
    r = login("linxiashi_entry").post(url, form, follow=True)
    assert "已批准，不能再修改情况说明" in r.content.decode()
    assert not FindingExplanation.objects.exists()
    assert "保存说明" not in _panel(r)
