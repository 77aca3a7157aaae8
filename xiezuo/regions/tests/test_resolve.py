import datetime as dt

import pytest

from xiezuo.regions.models import Region, RegionLookupError

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("text", "code"), [
    ("622901", "622901"),
    ("622901000000", "622901"),
    ("临夏市", "622901"),
    ("临夏州", "622900"),
    ("临夏回族自治州", "622900"),
    ("湘西州", "433100"),
    ("湘西", "433100"),
    ("濟南市", "370100"),
    ("積石山縣", "622927"),
    ("济南市市中区", "370103"),
    ("泸州市江阳区", "510502"),
    ("凉山州盐源县", "513423"),
    ("四川省凉山州普格县", "513428"),
    (" 甘肃 ", "620000"),
])
def test_it_resolves_the_ways_offices_write_a_region(text: str, code: str) -> None:
    assert Region.objects.resolve(text).code == code


def test_homonyms_ask_for_more() -> None:
    with pytest.raises(RegionLookupError) as err:
        Region.objects.resolve("市中区")
    message = str(err.value)
    assert "370103" in message and "济南" in message and "请填写代码" in message


@pytest.mark.parametrize(("text", "words"), [
    ("999999", "找不到"),
    ("12345", "不是有效的区划代码"),
    ("火星市", "找不到"),
    ("", "请填写"),
])
def test_unknown_or_malformed_input_says_why(text: str, words: str) -> None:
    with pytest.raises(RegionLookupError) as err:
        Region.objects.resolve(text)
    assert words in str(err.value)


def test_a_retired_division_stays_findable_by_date() -> None:
    old = Region.objects.create(code="370181", name="章丘市", level="county",
                                parent=Region.objects.get(code="370100"),
                                valid_to=dt.date(2016, 12, 31))
    old.successor = Region.objects.get(code="370114")
    old.save()
    assert Region.objects.resolve("章丘市", on=dt.date(2015, 6, 1)) == old
    assert not old.is_current
    assert old.successor.name == "章丘区"
    assert Region.objects.resolve("章丘区").code == "370114"


def test_scope_keys_nest() -> None:
    county = Region.objects.get(code="622927")
    assert county.ancestor_keys == ["62", "6229", "622927"]
    assert county.is_within(Region.objects.get(code="620000"))
    assert not county.is_within(Region.objects.get(code="510000"))
    assert set(Region.objects.within(Region.objects.get(code="622900"))
               .values_list("code", flat=True)) >= {"622900", "622901", "622927"}
