"""The social pairings' pages seen by the county personas."""

import pytest

from xiezuo.ledgers.testing import assert_flat_list, assert_sees_only_own
from xiezuo.social.ledger import SocialPairingLedger

pytestmark = pytest.mark.django_db


def test_it_keeps_each_county_to_its_own_rows(login, make) -> None:
    linxia = make[SocialPairingLedger]("linxia", "临夏市标记")
    puge = make[SocialPairingLedger]("puge", "普格县标记")
    assert_sees_only_own(login, SocialPairingLedger, linxia, puge, "linxiashi_entry")
    assert_sees_only_own(login, SocialPairingLedger, puge, linxia, "puge_entry")


def test_it_pins_the_list_query_count(login, make, django_assert_max_num_queries) -> None:
    assert_flat_list(login("linxiashi_entry"), SocialPairingLedger, make[SocialPairingLedger],
                     8, django_assert_max_num_queries)
