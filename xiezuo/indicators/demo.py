"""Demo targets: each demo pairing with projects signs a yearly target for fiscal aid and
projects, set so that some are exceeded and some trail."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Q, Sum

from xiezuo.indicators import catalogue
from xiezuo.indicators.models import AnnualTarget, Indicator

WAN = Decimal(10_000)  # targets are agreed in whole 万元


def load() -> list[AnnualTarget]:
    from xiezuo.funds.models import FundMovement

    catalogue.load()
    fiscal = Indicator.objects.get(code="fiscal_aid", valid_from=None)
    projects = Indicator.objects.get(code="projects", valid_from=None)
    if AnnualTarget.objects.exists():
        return list(AnnualTarget.objects.all())
    rows = (FundMovement.objects.order_by().values("pairing_id", "pairing__recipient_id", "year")
            .annotate(aid=Sum("amount", filter=Q(type="transfer", source="fiscal",
                                                 reported_by="donor")),
                      n=Count("project_id", distinct=True)))
    made: list[AnnualTarget] = []
    for i, r in enumerate(rows):
        if not r["aid"]:
            continue
        # alternate: a target below what was done (exceeded) and one above (trailing)
        factor = Decimal("0.92") if i % 2 else Decimal("1.10")
        common = {"pairing_id": r["pairing_id"], "region_id": r["pairing__recipient_id"],
                  "year": r["year"], "agreement": f"{r['year']}年度东西部协作协议"}
        made.append(AnnualTarget(indicator=fiscal, **common,
                                 value=(Decimal(r["aid"]) * factor / WAN).quantize(1) * WAN))
        made.append(AnnualTarget(indicator=projects, **common, value=Decimal(r["n"] or 1)))
    return AnnualTarget.bulk_create_audited(made)
