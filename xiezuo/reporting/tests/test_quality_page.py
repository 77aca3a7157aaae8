"""The data quality page (数据质量): for a month and a region of the user's scope, every finding
of every county with its rule, figure, expected range and explanation, counted by county.
临夏市 (甘肃) and 普格县 (四川) each submitted October 2026 with a purchase above the rule's
limit: the province of 甘肃 sees 临夏市's only, 普格县's clerk its own, the donor nothing."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from xiezuo.ledgers.testing import county
from xiezuo.reporting import actions
from xiezuo.reporting.models import QualityRule, RuleKind
from xiezuo.reporting.tests.conftest import OCTOBER

pytestmark = pytest.mark.django_db

SUBMIT_DAY = dt.date(2026, 10, 20)
URL = reverse("reporting:quality")


@pytest.fixture
def month(demo, data_set, draft, make_purchase, make_fund, users):
    rule = QualityRule.objects.create(name="单笔采购不超过10万元",
                                      ledger="consumption.consumption", field="amount",
                                      kind=RuleKind.RANGE, maximum=Decimal("100000"))
    make_purchase(where="puge", amount="130000")
    make_fund(where="puge")
    _pairing, puge = county(demo, "puge")
    other = actions.open_submission(data_set, puge, OCTOBER)
    linxia = actions.submit(draft, users["linxiashi_entry"], today=SUBMIT_DAY)
    puge_sub = actions.submit(other, users["puge_entry"], today=SUBMIT_DAY)
    return {"rule": rule, "linxia": linxia, "puge": puge_sub}


def _table(response, table: str) -> str:
    html = response.content.decode()
    return str(html.split(f'id="{table}"')[1].split("</table>")[0])


def _picker(response) -> list[str]:
    select = response.content.decode().split('name="region"')[1].split("</select>")[0]
    return [name.replace("\u3000", "") for name in re.findall(r">([^<]+)</option>", select)]


def test_the_province_sees_its_counties_findings_and_picks_among_its_regions(
        month, login) -> None:
    r = login("gansu_approver").get(URL, {"period": "2026-10"})
    assert r.status_code == 200
    listed = _table(r, "quality-list")
    assert "临夏市" in listed and "单笔采购不超过10万元" in listed and "120000" in listed
    assert "≤ 100000" in listed and "未说明" in listed
    assert "普格县" not in r.content.decode().split('id="quality-counts"')[1]
    assert reverse("reporting:detail", args=[month["linxia"].pk]) in listed
    assert _picker(r) == ["全部", "甘肃省", "临夏回族自治州", "临夏市"]
    counts = _table(r, "quality-counts")
    assert re.search(r"临夏市.*?<td class=\"num\">1</td><td class=\"num\">0</td>"
                     r"<td class=\"num\">1</td>", counts, re.S)


def test_a_county_sees_its_own_and_a_region_outside_its_scope_shows_nothing_more(
        month, login) -> None:
    clerk = login("puge_entry")
    r = clerk.get(URL, {"period": "2026-10"})
    assert "普格县" in _table(r, "quality-list") and "临夏市" not in _table(r, "quality-list")
    assert _picker(r) == ["全部", "普格县"]
    linxia_region = month["linxia"].region
    r = clerk.get(URL, {"period": "2026-10", "region": linxia_region.pk})
    assert "临夏市" not in _table(r, "quality-list")
    assert "临夏市" not in _table(r, "quality-counts")
    r = login("jinan_admin").get(URL, {"period": "2026-10"})
    assert "所选范围内没有数据质量提示" in _table(r, "quality-list")


def test_the_filters_region_rule_explained_and_month(month, users, login) -> None:
    national = login("national")
    both = _table(national.get(URL, {"period": "2026-10"}), "quality-list")
    assert "临夏市" in both and "普格县" in both
    prefecture = month["linxia"].region.parent
    r = national.get(URL, {"period": "2026-10", "region": prefecture.pk})
    assert "临夏市" in _table(r, "quality-list") and "普格县" not in _table(r, "quality-list")
    [finding] = month["linxia"].findings.all()
    actions.explain(month["linxia"], users["linxiashi_entry"], month["rule"].pk,
                    finding.record_id, "节前集中采购")
    explained = _table(national.get(URL, {"period": "2026-10", "explained": "yes"}),
                       "quality-list")
    assert "临夏市" in explained and "节前集中采购" in explained and "普格县" not in explained
    unexplained = _table(national.get(URL, {"period": "2026-10", "explained": "no"}),
                         "quality-list")
    assert "临夏市" not in unexplained and "普格县" in unexplained
    other = QualityRule.objects.create(name="另一规则", ledger="consumption.consumption",
                                       field="amount", kind=RuleKind.RANGE, minimum=1)
    r = national.get(URL, {"period": "2026-10", "rule": other.pk})
    assert "所选范围内没有数据质量提示" in _table(r, "quality-list")
    r = national.get(URL, {"period": "2026-09"})
    assert "所选范围内没有数据质量提示" in _table(r, "quality-list")


def test_the_page_costs_the_same_queries_whatever_the_number_of_findings(
        month, make_purchase, users, login, django_assert_num_queries) -> None:
    national = login("national")
    national.get(URL, {"period": "2026-10"})  # warm the session and the caches
    with django_assert_num_queries(9) as ctx:
        national.get(URL, {"period": "2026-10"})
    first = len(ctx.captured_queries)
    sub = actions.return_(month["linxia"], users["linxia_reviewer"], "再看看")
    for day in (3, 4, 5):
        make_purchase(day=dt.date(2026, 10, day), amount="150000")
    actions.submit(sub, users["linxiashi_entry"], today=SUBMIT_DAY)
    with django_assert_num_queries(first):
        r = national.get(URL, {"period": "2026-10"})
    assert _table(r, "quality-list").count("单笔采购不超过10万元") == 5
