"""Headcount and person-months, derived from the postings' dates."""

import datetime as dt
from decimal import Decimal

import pytest

from xiezuo.ledgers.testing import county, url
from xiezuo.people import figures
from xiezuo.people.ledger import CadreLedger
from xiezuo.people.models import Cadre, CadreType, Direction

pytestmark = pytest.mark.django_db
TODAY = dt.date(2024, 6, 30)


@pytest.fixture
def postings(demo):
    pairing, region = county(demo, "linxia")

    def post(name, start, end, kind=CadreType.MEDICAL, direction=Direction.EAST_WEST):
        if direction == Direction.WEST_EAST:
            region_ = pairing.donor
        else:
            region_ = region
        return Cadre.objects.create(pairing=pairing, region=region_, name=name, type=kind,
                                    direction=direction, home_unit="派出单位", host_unit="接收单位",
                                    start_date=start, end_date=end)

    post("全年", dt.date(2023, 1, 1), dt.date(2023, 12, 31))
    post("半年", dt.date(2023, 7, 1), dt.date(2024, 6, 30), CadreType.EDUCATION)
    post("在岗", dt.date(2024, 1, 1), None, CadreType.PARTY_GOVERNMENT)
    post("跟岗", dt.date(2024, 3, 1), dt.date(2024, 8, 31), direction=Direction.WEST_EAST)
    return Cadre.objects.all()


def test_it_counts_who_is_in_post_on_a_day(postings) -> None:
    assert figures.headcount(postings, TODAY) == 3
    assert figures.headcount(postings, dt.date(2023, 12, 31)) == 2
    assert figures.headcount(postings, dt.date(2022, 12, 31)) == 0


def test_it_counts_person_months_from_the_dates(postings) -> None:
    assert figures.months(365) == Decimal("12.0")
    one = postings.filter(name="全年")
    assert figures.person_months(one, today=TODAY) == Decimal("12.0")
    # 2023: 365 days of 全年 + 184 days of 半年
    assert figures.person_months(postings, 2023, TODAY) == figures.months(365 + 184)
    # an open posting counts up to today, a planned end beyond today only up to today
    assert figures.person_months(postings.filter(name="在岗"), today=TODAY) == figures.months(182)
    assert figures.person_months(postings.filter(name="跟岗"), today=TODAY) == figures.months(122)


def test_it_gives_figures_per_pairing(postings, demo) -> None:
    [row] = figures.by_pairing(postings, today=TODAY)
    assert row.pairing_id == demo["pairings"]["szq-lxs"].pk
    assert (row.east_west, row.west_east, row.in_post) == (3, 1, 3)
    assert row.by_type[CadreType.MEDICAL] == 2 and row.by_type[CadreType.EDUCATION] == 1
    [in_2024] = figures.by_pairing(postings.in_year(2024), 2024, TODAY)
    assert (in_2024.east_west, in_2024.west_east) == (1, 1)  # started in 2024
    assert in_2024.person_months == figures.months(182 + 182 + 122)


def test_the_list_and_the_figures_page_show_them(login, postings, demo) -> None:
    client = login("linxiashi_entry")
    summary = dict((str(label), value) for label, value, _c in
                   client.get(url(CadreLedger, "list")).context["summary"])
    assert summary["派出人数"] == 4 and summary["其中东→西"] == 3
    page = client.get(url(CadreLedger, "list"), {"year": 2022})
    assert page.context["page"].paginator.count == 0
    page = client.get(url(CadreLedger, "list"), {"year": 2023})
    assert {c.name for c in page.context["page"]} == {"全年", "半年"}
    r = login("puge_entry").get("/people/cadres/figures/")
    assert r.status_code == 200 and r.context["table"] == []
    r = login("linxiashi_entry").get("/people/cadres/figures/", {"year": 2023})
    [(row, pairing, _types)] = r.context["table"]
    assert pairing == demo["pairings"]["szq-lxs"] and row.person_months == figures.months(549)
