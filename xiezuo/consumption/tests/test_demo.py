"""The demo consumption entries obey the ledger's rules."""

import pytest

from xiezuo.consumption import demo as consumption_demo
from xiezuo.consumption.models import Consumption

pytestmark = pytest.mark.django_db


def test_demo_entries_load_once_and_pass_validation(demo) -> None:
    first = consumption_demo.load()
    assert len(consumption_demo.load()) == len(first) == Consumption.objects.count()
    assert set(Consumption.objects.values_list("kind", flat=True)) == {"purchase", "help_sell"}
    for entry in Consumption.objects.all()[:120]:
        entry.full_clean()
