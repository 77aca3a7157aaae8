import datetime as dt
import itertools

import pytest

from xiezuo.ledgers.testing import county
from xiezuo.social.ledger import SocialPairingLedger
from xiezuo.social.models import Organisation, SocialPairing

_n = itertools.count()


@pytest.fixture
def make(demo):
    def pair(where, marker):
        pairing, region = county(demo, where)
        n = next(_n)
        helper = Organisation.objects.create(name=f"帮扶企业{n}", kind="enterprise")
        helped = Organisation.objects.create(name=f"{region.short_name}某村{n}", kind="village",
                                             region=region)
        return SocialPairing.objects.create(pairing=pairing, region=region,
                                            kind="village_enterprise", helper=helper,
                                            helped=helped, start_date=dt.date(2022, 5, 1),
                                            notes=marker)

    return {SocialPairingLedger: pair}
