import datetime as dt
from decimal import Decimal

import pytest

from xiezuo.funds.models import FundMovement, MovementType
from xiezuo.ledgers.models import ReportingSide
from xiezuo.projects.models import Project, Sector
from xiezuo.regions.models import Region


@pytest.fixture
def yanyuan(demo):
    """江阳区 → 盐源县, one 2023 project and a year of hand-countable movements."""
    pairing = demo["pairings"]["jy-yy"]
    county = Region.objects.get(code="513423")
    project = Project.objects.create(
        pairing=pairing, region=county, year=2023, name="盐井镇花椒基地",
        sector=Sector.objects.get(code="industry"), budget_fiscal=Decimal("800000"),
        donor_consent=True, consent_date=dt.date(2023, 2, 1))

    def move(kind, amount, day, side=ReportingSide.RECIPIENT, **extra):
        return FundMovement.objects.create(
            pairing=pairing, region=county, year=2023, date=day, type=kind,
            amount=Decimal(amount), reported_by=side, **extra)

    move(MovementType.COMMITMENT, "1000000", dt.date(2023, 1, 10), ReportingSide.DONOR)
    move(MovementType.TRANSFER, "1000000", dt.date(2023, 2, 10), ReportingSide.DONOR)
    move(MovementType.TRANSFER, "950000", dt.date(2023, 2, 20))
    move(MovementType.ALLOCATION, "800000", dt.date(2023, 3, 1), project=project)
    move(MovementType.SPENDING, "300000", dt.date(2023, 5, 1), project=project)
    move(MovementType.SPENDING, "200000", dt.date(2023, 7, 1), project=project)
    move(MovementType.RETURN, "50000", dt.date(2023, 9, 1), project=project)
    return {"pairing": pairing, "county": county, "project": project}
