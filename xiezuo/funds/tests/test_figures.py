"""Every derived figure against numbers worked out by hand (see the yanyuan fixture)."""

import datetime as dt
from decimal import Decimal

import pytest

from xiezuo.funds import figures
from xiezuo.funds.models import FundMovement

pytestmark = pytest.mark.django_db


def test_totals_and_rates(yanyuan) -> None:
    f = figures.totals(FundMovement.objects.all())
    assert f.committed == Decimal("1000000.00")
    assert f.transferred == Decimal("1000000.00")
    assert f.received == Decimal("950000.00")
    assert f.allocated == Decimal("800000.00")
    assert f.spent == Decimal("500000.00")
    assert f.returned == Decimal("50000.00")
    assert f.receipt_rate == Decimal("0.95")
    assert f.allocation_rate == Decimal("800000") / Decimal("950000")
    # spent ÷ (allocated − returned)
    assert f.execution_rate == Decimal("500000") / Decimal("750000")
    assert f.unspent == Decimal("250000.00")


def test_figures_per_pairing_year(yanyuan, demo) -> None:
    rows = figures.by_pairing_year(FundMovement.objects.all())
    assert [(r["pairing_id"], r["year"]) for r in rows] == [(yanyuan["pairing"].pk, 2023)]
    assert rows[0]["figures"].received == Decimal("950000.00")


def test_reconciliation_flags_the_difference(yanyuan) -> None:
    open_ = figures.reconciliation(FundMovement.objects.all(), only_open=True)
    assert len(open_) == 1
    assert open_[0].donor == Decimal("1000000.00")
    assert open_[0].recipient == Decimal("950000.00")
    assert open_[0].difference == Decimal("50000.00")
    FundMovement.objects.create(
        pairing=yanyuan["pairing"], region=yanyuan["county"], year=2023,
        date=dt.date(2023, 3, 5), type="transfer", amount=Decimal("50000"),
        reported_by="recipient")
    assert figures.reconciliation(FundMovement.objects.all(), only_open=True) == []
    assert len(figures.reconciliation(FundMovement.objects.all())) == 1


def test_idle_money_after_the_configured_months(yanyuan) -> None:
    qs = FundMovement.objects.all()
    late = figures.idle_funds(qs, today=dt.date(2023, 12, 1), months=6)
    assert [(i.project_id, i.idle) for i in late] == [(yanyuan["project"].pk,
                                                      Decimal("250000.00"))]
    # Allocated on 2023-03-01: not yet idle six months later minus a day.
    assert figures.idle_funds(qs, today=dt.date(2023, 8, 31), months=6) == []
    assert figures.idle_funds(qs, today=dt.date(2023, 9, 1), months=6)[0].idle == Decimal(
        "250000.00")


def test_months_before_clamps_to_month_end() -> None:
    assert figures._months_before(dt.date(2024, 8, 31), 6) == dt.date(2024, 2, 29)
    assert figures._months_before(dt.date(2024, 1, 15), 13) == dt.date(2022, 12, 15)


def test_no_money_means_no_rate() -> None:
    f = figures.Figures()
    assert f.receipt_rate is None and f.execution_rate is None
