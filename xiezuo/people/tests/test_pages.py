"""The people ledgers' pages seen by the county personas: scoping, exports, query counts."""

import pytest

from xiezuo.ledgers.testing import assert_flat_list, assert_sees_only_own
from xiezuo.people.ledger import CadreLedger, TeamLedger, TrainingLedger

pytestmark = pytest.mark.django_db
LEDGERS = [CadreLedger, TeamLedger, TrainingLedger]
#: queries a list page may take (session, user, office, pairings for the filter, count, rows,
#: totals, summary cards)
PINS = {CadreLedger: 11, TeamLedger: 8, TrainingLedger: 8}


@pytest.mark.parametrize("ledger", LEDGERS)
def test_it_keeps_each_county_to_its_own_rows(login, make, ledger) -> None:
    linxia = make[ledger]("linxia", "临夏市标记")
    puge = make[ledger]("puge", "普格县标记")
    assert_sees_only_own(login, ledger, linxia, puge, "linxiashi_entry")
    assert_sees_only_own(login, ledger, puge, linxia, "puge_entry")


@pytest.mark.parametrize("ledger", LEDGERS)
def test_it_pins_the_list_query_count(login, make, ledger, django_assert_max_num_queries
                                      ) -> None:
    assert_flat_list(login("linxiashi_entry"), ledger, make[ledger], PINS[ledger],
                     django_assert_max_num_queries)
