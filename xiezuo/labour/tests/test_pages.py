"""The labour ledgers' pages seen by the county personas: scoping, exports, query counts."""

import pytest

from xiezuo.labour.ledger import LabourCountLedger, LabourRecordLedger, TrainingBaseLedger
from xiezuo.ledgers.testing import assert_flat_list, assert_sees_only_own

pytestmark = pytest.mark.django_db
LEDGERS = [LabourRecordLedger, LabourCountLedger, TrainingBaseLedger]
PINS = {LabourRecordLedger: 8, LabourCountLedger: 8, TrainingBaseLedger: 8}


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


def test_monthly_income_is_shown_in_yuan_whatever_the_users_unit(login, demo) -> None:
    import csv
    import io

    from django.urls import reverse

    from xiezuo.labour import demo as labour_demo

    labour_demo.load()
    client = login("national")
    page = client.get(reverse("labour:people:list")).content.decode()
    assert "月收入（元）" in page
    body = b"".join(client.get(reverse("labour:people:export", args=["csv"])).streaming_content)
    header = next(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert "月收入（元）" in header
