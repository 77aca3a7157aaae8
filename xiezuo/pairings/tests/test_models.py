import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from xiezuo.pairings.models import Kind, Pairing
from xiezuo.regions.models import Region

pytestmark = pytest.mark.django_db


def region(code: str) -> Region:
    return Region.objects.get(code=code)


def make(donor: str, recipient: str, start: dt.date, end: dt.date | None = None,
         kind: str = Kind.EAST_WEST, **extra: object) -> Pairing:
    p = Pairing(donor=region(donor), recipient=region(recipient), kind=kind,
                start_date=start, end_date=end, **extra)
    p.full_clean()
    p.save()
    return p


def test_it_refuses_donor_equal_to_recipient() -> None:
    p = Pairing(donor=region("370100"), recipient=region("370100"), kind=Kind.EAST_WEST,
                start_date=dt.date(2021, 1, 1))
    with pytest.raises(ValidationError) as err:
        p.full_clean()
    assert "recipient" in err.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        p.level = "prefecture"
        p.save()


def test_it_refuses_end_before_start() -> None:
    p = Pairing(donor=region("370100"), recipient=region("622900"), kind=Kind.EAST_WEST,
                start_date=dt.date(2021, 1, 1), end_date=dt.date(2020, 12, 31))
    with pytest.raises(ValidationError) as err:
        p.full_clean()
    assert "end_date" in err.value.message_dict


def test_it_refuses_an_overlapping_duplicate() -> None:
    make("370100", "622900", dt.date(2021, 1, 1), dt.date(2023, 12, 31))
    clash = Pairing(donor=region("370100"), recipient=region("622900"), kind=Kind.EAST_WEST,
                    start_date=dt.date(2023, 6, 1))
    with pytest.raises(ValidationError) as err:
        clash.full_clean()
    assert "时间重叠" in str(err.value.message_dict["start_date"])
    # Adjacent periods, or another kind, are fine.
    make("370100", "622900", dt.date(2024, 1, 1))
    make("370100", "622900", dt.date(2023, 6, 1), kind=Kind.SUPPORT)


def test_it_fills_level_from_recipient() -> None:
    p = make("370114", "622927", dt.date(2021, 1, 1))
    assert p.level == "county"


def test_a_child_must_sit_inside_its_parent() -> None:
    parent = make("370100", "622900", dt.date(2021, 1, 1))
    wrong = Pairing(donor=region("370114"), recipient=region("513428"), kind=Kind.EAST_WEST,
                    start_date=dt.date(2021, 1, 1), parent=parent)
    with pytest.raises(ValidationError) as err:
        wrong.full_clean()
    assert "受援方不在上级结对" in str(err.value.message_dict["parent"])
    ok = make("370114", "622927", dt.date(2021, 1, 1), parent=parent)
    assert ok.parent == parent


def test_covering_finds_the_most_specific_pairing_in_one_query(
    django_assert_num_queries: object,
) -> None:
    province = make("370000", "620000", dt.date(2021, 1, 1))
    city = make("370100", "622900", dt.date(2021, 1, 1), parent=province)
    county = make("370103", "622901", dt.date(2021, 1, 1), parent=city)
    make("370100", "433100", dt.date(2017, 1, 1), dt.date(2020, 12, 31),
         kind=Kind.EAST_WEST_POVERTY)
    linxia_city = region("622901")
    jishishan = region("622927")
    with django_assert_num_queries(1):  # type: ignore[operator]
        found = Pairing.objects.covering(linxia_city, dt.date(2023, 5, 1)).first()
    assert found == county
    # A county with no county-level pairing is covered by its prefecture's.
    assert Pairing.objects.covering(jishishan, dt.date(2023, 5, 1)).first() == city
    assert list(Pairing.objects.covering(jishishan, dt.date(2023, 5, 1))) == [city, province]
    # Before 2021 nothing covered Linxia; 济南 then helped 湘西.
    assert Pairing.objects.covering(linxia_city, dt.date(2019, 5, 1)).first() is None
    guzhang = region("433126")
    assert Pairing.objects.covering(guzhang, dt.date(2019, 5, 1)).first().donor.code == "370100"
    assert Pairing.objects.covering(guzhang, dt.date(2021, 5, 1)).first() is None
    # And from the donor's side.
    assert Pairing.objects.covering(region("370103"), dt.date(2023, 1, 1),
                                    side="donor").first() == county


def test_history_lists_a_donor_moving_on() -> None:
    old = make("370100", "433100", dt.date(2017, 1, 1), dt.date(2020, 12, 31),
               kind=Kind.EAST_WEST_POVERTY)
    new = make("370100", "622900", dt.date(2021, 1, 1))
    assert list(new.history_of_donor()) == [new, old]
    assert not old.is_active and new.is_active_on(dt.date(2022, 1, 1))


def test_designated_assistance_may_name_a_unit_instead_of_a_region() -> None:
    p = Pairing(donor_unit="国家开发银行", recipient=region("513428"), kind=Kind.DESIGNATED,
                start_date=dt.date(2015, 1, 1))
    p.full_clean()
    p.save()
    assert str(p) == "国家开发银行 → 普格县"
    nobody = Pairing(recipient=region("513428"), kind=Kind.DESIGNATED,
                     start_date=dt.date(2015, 1, 1))
    with pytest.raises(ValidationError):
        nobody.full_clean()
