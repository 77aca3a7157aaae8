import pytest

from xiezuo.social import demo as social_demo
from xiezuo.social.models import Donation, SocialPairing

pytestmark = pytest.mark.django_db


def test_demo_pairings_load_once_and_pass_validation(demo) -> None:
    social_demo.load()
    social_demo.load()
    assert SocialPairing.objects.count() == len(social_demo.PAIRS)
    assert set(SocialPairing.objects.values_list("kind", flat=True)) == {
        "township", "village_enterprise", "school", "hospital", "social_org"}
    for record in [*SocialPairing.objects.all(), *Donation.objects.all()]:
        record.full_clean()
