"""Outliers by the median absolute deviation (DHIS2's outlier detection): a month's total is
flagged when it lies more than k robust standard deviations (1.4826 × MAD) from the median of
the county's previous months; too short a history says nothing; a MAD of zero falls back to
the mean absolute deviation. The county's history is read in one aggregate query per ledger."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from xiezuo.reporting import actions, quality
from xiezuo.reporting.models import QualityFinding, QualityRule, RuleKind
from xiezuo.reporting.outliers import MAD_SCALE, outlier, spread

SUBMIT_DAY = dt.date(2026, 10, 20)
K = Decimal("3.5")


def d(*values: int | str) -> list[Decimal]:
    return [Decimal(v) for v in values]


# --- the rule itself: plain numbers ------------------------------------------------------------

def test_a_figure_near_the_median_is_no_outlier_and_a_far_one_is() -> None:
    history = d(100, 102, 98, 101, 99, 100)  # median 100, deviations 0 2 2 1 1 0: MAD 1
    assert spread(history) == (Decimal(100), MAD_SCALE)
    assert outlier(history, Decimal(103), K, 6) is None  # 2.02 robust deviations
    hit = outlier(history, Decimal(150), K, 6)
    assert hit is not None and hit.median == 100 and hit.spread == MAD_SCALE
    assert hit.score == Decimal(50) / MAD_SCALE
    assert hit.bounds(K) == (100 - K * MAD_SCALE, 100 + K * MAD_SCALE)


def test_the_threshold_is_strict_and_k_is_the_rules() -> None:
    history = d(10, 12, 8, 11, 9, 10)
    edge = Decimal(10) + K * MAD_SCALE  # exactly k robust deviations away
    assert outlier(history, edge, K, 6) is None
    assert outlier(history, edge + Decimal("0.01"), K, 6) is not None
    assert outlier(history, edge - 20, K, 6) is not None  # below, as far
    assert outlier(history, Decimal(14), Decimal(2), 6) is not None  # a tighter k


def test_one_wild_month_in_the_history_does_not_hide_the_next() -> None:
    """A mean and standard deviation would be dragged by the 1000: the median and MAD not."""
    history = d(100, 101, 99, 100, 102, 98, 1000)
    assert outlier(history, Decimal(110), K, 6) is not None


def test_a_short_history_says_nothing() -> None:
    assert outlier(d(100, 101, 99, 100, 102), Decimal(10_000), K, 6) is None
    assert outlier([], Decimal(10_000), K, 0) is None


def test_a_zero_mad_falls_back_to_the_mean_absolute_deviation() -> None:
    history = d(50, 50, 50, 50, 60, 70)  # MAD 0; mean absolute deviation 5
    middle, sd = spread(history)
    assert middle == 50 and sd == Decimal("1.2533") * 5
    assert outlier(history, Decimal(60), K, 6) is None
    assert outlier(history, Decimal(80), K, 6) is not None


def test_a_history_of_one_figure_flags_any_other() -> None:
    history = d(*[5000] * 6)
    assert outlier(history, Decimal(5000), K, 6) is None
    hit = outlier(history, Decimal(5001), K, 6)
    assert hit is not None and hit.score is None and hit.bounds(K) == (5000, 5000)


# --- run on a county's month -------------------------------------------------------------------

@pytest.fixture
def outlier_rule(db: None) -> QualityRule:
    return QualityRule.objects.create(name="消费帮扶月度合计异常", ledger="consumption.consumption",
                                      field="amount", kind=RuleKind.OUTLIER)


@pytest.fixture
def history(make_purchase):
    """临夏市's purchases of February to September 2026: about 10000 a month (two rows in
    June), and one in 普格县 that is not 临夏市's history."""
    for month, amount in zip(range(2, 10), (10000, 11000, 9000, 10500, 4000, 9500, 10000, 10200),
                             strict=True):
        make_purchase(day=dt.date(2026, month, 5), amount=str(amount))
    make_purchase(day=dt.date(2026, 6, 25), amount="6000")  # June: 10000 in all
    make_purchase(where="puge", day=dt.date(2026, 9, 5), amount="5000000")


@pytest.mark.django_db
def test_an_outlying_month_is_flagged_with_its_figure_and_expected_range(
        draft, outlier_rule, history, users, login) -> None:
    sub = actions.submit(draft, users["linxiashi_entry"], today=SUBMIT_DAY)
    [found] = QualityFinding.objects.filter(submission=sub)
    assert found.rule == outlier_rule and found.value == Decimal("120000")
    # history 10000 11000 9000 10500 10000 9500 10000 10200: median 10000; deviations
    # 0 1000 1000 500 0 500 0 200: MAD 350; 10000 ∓ 3.5 × 1.4826 × 350
    assert found.expected == "8183.82～11816.18"
    assert "此前 8 期合计的中位数为 10000" in found.message
    page = login("linxia_reviewer").get(reverse("reporting:detail", args=[sub.pk]))
    assert "消费帮扶月度合计异常" in page.content.decode().split('id="quality-findings"')[1]


@pytest.mark.django_db
def test_an_ordinary_month_or_a_short_history_is_not_flagged(
        demo, draft, outlier_rule, history, users) -> None:
    QualityRule.objects.filter(pk=outlier_rule.pk).update(min_history=9)
    assert quality.findings(draft) == []  # 8 months of history: too few
    QualityRule.objects.filter(pk=outlier_rule.pk).update(min_history=6)
    from xiezuo.consumption.models import Consumption

    Consumption.objects.filter(date__month=10, region=draft.region).update(amount=10300)
    assert quality.findings(draft) == []


@pytest.mark.django_db
def test_the_history_is_one_query_per_ledger(
        draft, outlier_rule, history, django_assert_num_queries) -> None:
    QualityRule.objects.create(name="消费帮扶月度合计异常（严）", ledger="consumption.consumption",
                               field="amount", kind=RuleKind.OUTLIER, threshold=Decimal("2"))
    with django_assert_num_queries(1):
        totals = quality.period_totals(draft, "consumption.consumption", ["amount"])
    assert totals[dt.date(2026, 6, 1)] == {"amount": Decimal(10000)}
    assert len(totals) == 9  # February to October
    with django_assert_num_queries(2):  # the rules, then one aggregate for both rules
        found = quality.findings(draft)
    assert len(found) == 2


@pytest.mark.django_db
def test_the_county_sees_the_findings_of_its_draft_before_submitting(
        draft, outlier_rule, history, login) -> None:
    page = login("linxiashi_entry").get(reverse("reporting:detail", args=[draft.pk]))
    panel = page.content.decode().split('id="quality-findings"')[1].split("</section>")[0]
    assert "消费帮扶月度合计异常" in panel and "保存说明" in panel
    assert not QualityFinding.objects.exists()  # shown, not stored: a GET writes nothing
