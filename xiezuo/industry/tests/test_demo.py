"""The demo: the five projects signed at 青岛—菏泽 on 27 August 2016 (seed 001)."""

import pytest

from xiezuo.industry import demo as industry_demo
from xiezuo.industry.models import Enterprise, Park

pytestmark = pytest.mark.django_db


def test_it_loads_the_seed_projects_once(demo) -> None:
    industry_demo.load()
    industry_demo.load()
    signed = Enterprise.objects.filter(pairing=demo["pairings"]["qd-hz"])
    assert signed.count() == 5
    assert {e.region.name for e in signed} == {"曹县", "单县", "巨野县", "郓城县", "菏泽市"}
    assert signed.filter(name="青岛昌盛日电太阳能科技股份有限公司").count() == 3
    assert all(e.agreed_investment is None and str(e.signed_on) == "2016-08-27" for e in signed)
    for record in [*Enterprise.objects.all(), *Park.objects.all()]:
        record.full_clean()
