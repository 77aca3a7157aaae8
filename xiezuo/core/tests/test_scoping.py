import pytest

from xiezuo.core.scoping import Action, Scope
from xiezuo.pairings.models import Pairing

pytestmark = pytest.mark.django_db


def test_scope_of_each_persona(demo) -> None:
    users = demo["users"]
    assert Scope.of(users["national"]).national
    county = Scope.of(users["linxiashi_entry"])
    assert county.region_key == "622901" and county.allows(Action.CHANGE)
    assert not county.allows(Action.APPROVE)
    viewer = Scope.of(users["gansu_viewer"])
    assert viewer.allows(Action.VIEW) and not viewer.allows(Action.CHANGE)
    assert Scope.of(None).actions == frozenset()


def test_restrict_by_action(demo) -> None:
    viewer = demo["users"]["gansu_viewer"]
    assert Pairing.objects.restrict(viewer, Action.VIEW).count() == 4  # 山东→甘肃 and Linxia's
    assert Pairing.objects.restrict(viewer, Action.CHANGE).count() == 0


def test_inactive_or_officeless_users_see_nothing(demo) -> None:
    user = demo["users"]["puge_entry"]
    user.is_active = False
    assert Pairing.objects.visible_to(user).count() == 0
    user.is_active, user.office = True, None
    assert Pairing.objects.visible_to(user).count() == 0
