"""The demo is built for a day: ongoing pairings' projects and money run up to its year,
and nothing is dated after it."""

from __future__ import annotations

import datetime as dt

import pytest

pytestmark = pytest.mark.django_db

DAY = dt.date(2031, 3, 5)  # a year the demo's pairings were never written for


def test_ongoing_pairings_run_up_to_the_demo_s_year(demo) -> None:
    from xiezuo.funds import demo as funds_demo
    from xiezuo.funds.models import FundMovement
    from xiezuo.projects.models import Project, Transition

    funds_demo.load(today=DAY)
    ongoing = [demo["pairings"][k] for k in ("szq-lxs", "zq-jss")]
    assert Project.objects.filter(pairing__in=ongoing, year=DAY.year).exists()
    assert not Project.objects.filter(year__gt=DAY.year).exists()
    ended = demo["pairings"]["jy-yy"]  # ended in 2022: stays there
    assert not Project.objects.filter(pairing=ended, year__gt=2022).exists()
    assert FundMovement.objects.filter(pairing__in=ongoing, year=DAY.year).exists()
    assert not FundMovement.objects.filter(date__gt=DAY).exists()
    assert not Project.objects.filter(status_date__gt=DAY).exists()
    assert not Transition.objects.filter(date__gt=DAY).exists()
