"""The ledger list's pairing and region filters: typed (with suggestions as one types), never a
dropdown of every pairing, and through the one scoping."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from xiezuo.funds.models import FundMovement
from xiezuo.pairings.models import Pairing
from xiezuo.regions.models import Region

pytestmark = pytest.mark.django_db

LIST = "/funds/"


def _movement(pairing: Pairing, code: str, notes: str) -> FundMovement:
    return FundMovement.objects.create(
        pairing=pairing, region=Region.objects.get(code=code, valid_to__isnull=True),
        year=2024, date=dt.date(2024, 3, 1), type="transfer", source="fiscal",
        amount=Decimal("10000"), reported_by="recipient", notes=notes)


@pytest.fixture
def rows(demo: dict[str, Any]) -> dict[str, FundMovement]:
    p = demo["pairings"]
    return {"lxs": _movement(p["szq-lxs"], "622901", "临夏市的行"),
            "jss": _movement(p["zq-jss"], "622927", "积石山县的行"),
            "pg": _movement(p["lmt-pg"], "513428", "普格县的行")}


def _shown(client: Any, **params: Any) -> set[str]:
    page = client.get(LIST, params)
    assert page.status_code == 200
    return {o.notes for o in page.context["page"].object_list}


def test_it_filters_by_the_suggested_value_a_number_or_a_party(
        login: Any, demo: dict[str, Any], rows: dict[str, FundMovement]) -> None:
    client = login("national")
    szq = demo["pairings"]["szq-lxs"]
    every = {"临夏市的行", "积石山县的行", "普格县的行"}
    assert _shown(client) == every
    assert _shown(client, pairing=f"{szq.pk} {szq}") == {"临夏市的行"}
    assert _shown(client, pairing=str(szq.pk)) == {"临夏市的行"}  # links and the API
    assert _shown(client, pairing="临夏市") == {"临夏市的行"}  # without JavaScript
    assert _shown(client, pairing="622901") == {"临夏市的行"}
    assert _shown(client, pairing="济南市市中区 → 临夏市") == {"临夏市的行"}
    assert _shown(client, pairing="临夏州") == set()  # a party of 济南 → 临夏州 only
    assert _shown(client, region="622900 临夏回族自治州") == {"临夏市的行", "积石山县的行"}


def test_it_says_where_a_typed_pairing_is_wrong(login: Any, rows: dict[str, Any]) -> None:
    client = login("national")
    page = client.get(LIST, {"pairing": "不存在的地方"})
    assert page.status_code == 200 and not page.context["page"].object_list
    assert page.context["filter"].form.errors["pairing"]
    page = client.get(LIST, {"pairing": "99999"})
    assert "99999" in page.context["filter"].form.errors["pairing"][0]
    for digits in ("¹", "１２", "٣"):  # digits to Python, not a pairing's number: a name
        page = client.get(LIST, {"pairing": digits})
        assert page.status_code == 200 and page.context["filter"].form.errors["pairing"]


def test_it_finds_no_pairing_out_of_sight(login: Any, demo: dict[str, Any],
                                          rows: dict[str, Any]) -> None:
    client = login("linxiashi_entry")
    pg = demo["pairings"]["lmt-pg"]
    page = client.get(LIST, {"pairing": str(pg.pk)})
    assert not page.context["page"].object_list
    assert str(pg) not in page.content.decode()  # the input does not name it either
    suggested = client.get(reverse("pairings:suggest"), {"pairing": "普格"}).content.decode()
    assert "普格" not in suggested
    suggested = client.get(reverse("pairings:suggest"), {"pairing": "临夏"}).content.decode()
    assert "临夏市" in suggested and f'value="{demo["pairings"]["szq-lxs"].pk} ' in suggested


def test_it_names_the_pairing_of_a_number_in_the_box(login: Any, demo: dict[str, Any],
                                                     rows: dict[str, Any]) -> None:
    szq = demo["pairings"]["szq-lxs"]
    page = login("national").get(LIST, {"pairing": str(szq.pk)}).content.decode()
    assert f'value="{szq.pk} {szq}"' in page


def test_the_page_holds_no_list_of_every_pairing(login: Any, demo: dict[str, Any],
                                                  rows: dict[str, Any],
                                                  django_assert_max_num_queries: Any) -> None:
    recipient = Region.objects.get(code="622901", valid_to__isnull=True)
    donors = Region.objects.filter(level="county", valid_to__isnull=True,
                                   code__startswith="44")[:200]
    Pairing.objects.bulk_create([Pairing(donor=d, recipient=recipient, kind="east_west",
                                         start_date=dt.date(2000 + i % 20, 1, 1))
                                 for i, d in enumerate(donors)])
    client = login("national")
    client.get(LIST)
    with django_assert_max_num_queries(12):
        page = client.get(LIST)
    assert page.content.decode().count("<option") < 40  # the choice filters' options only
