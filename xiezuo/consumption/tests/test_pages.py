"""The consumption ledger's pages seen by the county personas."""

import pytest

from xiezuo.consumption.ledger import ConsumptionLedger
from xiezuo.ledgers.testing import assert_flat_list, assert_sees_only_own

pytestmark = pytest.mark.django_db


def test_it_keeps_each_county_to_its_own_rows(login, make) -> None:
    linxia = make[ConsumptionLedger]("linxia", "临夏市标记")
    puge = make[ConsumptionLedger]("puge", "普格县标记")
    assert_sees_only_own(login, ConsumptionLedger, linxia, puge, "linxiashi_entry")
    assert_sees_only_own(login, ConsumptionLedger, puge, linxia, "puge_entry")


def test_it_pins_the_list_query_count(login, make, django_assert_max_num_queries) -> None:
    assert_flat_list(login("linxiashi_entry"), ConsumptionLedger, make[ConsumptionLedger], 10,
                     django_assert_max_num_queries)
