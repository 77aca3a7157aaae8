import datetime as dt
import itertools

import pytest

from xiezuo.ledgers.testing import county
from xiezuo.people.ledger import CadreLedger, TeamLedger, TrainingLedger
from xiezuo.people.models import Cadre, CadreType, Direction, Team, Training

_n = itertools.count()


@pytest.fixture
def make(demo):
    """make[Ledger](county, marker): a valid record of that ledger in 临夏市 or 普格县."""

    def cadre(where, marker):
        pairing, region = county(demo, where)
        return Cadre.objects.create(
            pairing=pairing, region=region, name=f"干部{next(_n)}", type=CadreType.MEDICAL,
            direction=Direction.EAST_WEST, home_unit="派出医院", host_unit="县人民医院",
            start_date=dt.date(2023, 3, 1), end_date=dt.date(2023, 8, 31), notes=marker)

    def team(where, marker):
        pairing, region = county(demo, where)
        return Team.objects.create(pairing=pairing, region=region, name=f"团队{next(_n)}",
                                   host_unit="县中学", start_date=dt.date(2023, 8, 25),
                                   notes=marker)

    def training(where, marker):
        pairing, region = county(demo, where)
        return Training.objects.create(
            pairing=pairing, region=region, topic=f"培训班{next(_n)}", target_group="cadres",
            start_date=dt.date(2023, 5, 8), end_date=dt.date(2023, 5, 12), place="县委党校",
            organiser="joint", participants=60, participants_poverty=0, notes=marker)

    return {CadreLedger: cadre, TeamLedger: team, TrainingLedger: training}
