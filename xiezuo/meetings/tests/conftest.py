import datetime as dt
import itertools

import pytest

from xiezuo.ledgers.testing import county
from xiezuo.meetings.ledger import AgreementLedger, MeetingLedger
from xiezuo.meetings.models import Agreement, Meeting, Official

_n = itertools.count()


@pytest.fixture
def make(demo):
    def meeting(where, marker):
        pairing, region = county(demo, where)
        m = Meeting.objects.create(pairing=pairing, region=region, type="joint_meeting",
                                   title=f"联席会议{next(_n)}", start_date=dt.date(2023, 6, 1),
                                   place=region.short_name, notes=marker)
        Official.objects.create(meeting=m, side="donor", name="王强", title="团长", role="lead")
        Agreement.objects.create(meeting=m, pairing=pairing, region=region, title="年度协作协议",
                                 party_a="甲", party_b="乙", signed_on=m.start_date)
        return m

    def agreement(where, marker):
        pairing, region = county(demo, where)
        return Agreement.objects.create(pairing=pairing, region=region,
                                        title=f"合作协议{next(_n)}", party_a=pairing.donor.name,
                                        party_b=pairing.recipient.name,
                                        signed_on=dt.date(2023, 4, 1), notes=marker)

    return {MeetingLedger: meeting, AgreementLedger: agreement}
