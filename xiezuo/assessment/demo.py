"""A demo assessment scheme for the current demo year, with one item of each rule."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from xiezuo.assessment.models import Item, Rule, Scheme
from xiezuo.indicators.models import Indicator


def load(today: dt.date | None = None) -> list[Scheme]:
    from xiezuo.core.demodate import demo_today

    year = demo_today(today).year - 1
    scheme, created = Scheme.objects.get_or_create(
        year=year, name="东西部协作成效评价（演示）", defaults={"level": "county"})
    if created:
        ind = {i.code: i for i in Indicator.objects.filter(valid_from=None)}
        Item.objects.bulk_create([
            Item(scheme=scheme, indicator=ind["fiscal_aid"], rule=Rule.RATIO,
                 weight=Decimal(60), cap=Decimal("1.2"), sort_order=1),
            Item(scheme=scheme, indicator=ind["projects"], rule=Rule.STEPS,
                 weight=Decimal(40), steps=[[1, 1], [0.9, 0.8], [0.8, 0.5]], sort_order=2),
            Item(scheme=scheme, indicator=ind["fiscal_aid"], rule=Rule.YOY_PENALTY,
                 weight=Decimal(10), sort_order=3),
            Item(scheme=scheme, indicator=ind["social_funds"], rule=Rule.BONUS,
                 weight=Decimal(5), threshold=Decimal(1_000_000), sort_order=4),
        ])
    return [scheme]
