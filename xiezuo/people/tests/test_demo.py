"""The demo data carries the seed report's figures and obeys the ledgers' own rules."""

import pytest
from django.db.models import Count

from xiezuo.people import demo as people_demo
from xiezuo.people.models import Cadre, Direction, Team, Training

pytestmark = pytest.mark.django_db


def test_it_loads_the_seed_facts_and_only_once(demo) -> None:
    made = people_demo.load()
    assert made and people_demo.load()  # again: nothing new
    pairings = demo["pairings"]
    east_west = Cadre.objects.filter(direction=Direction.EAST_WEST)
    assert east_west.filter(pairing=pairings["jy-yy"]).count() == 320
    assert east_west.filter(pairing=pairings["lmt-pg"]).count() == 268
    teams = Team.objects.annotate(n=Count("members"))
    assert teams.count() == 3 and sum(t.n for t in teams) == 19
    team_members = Cadre.objects.filter(team__isnull=False)
    assert team_members.values("home_unit").distinct().count() == 6
    assert {t.region.name for t in teams} == {"盐源县", "普格县"}


def test_every_demo_record_passes_validation(demo) -> None:
    people_demo.load()
    for record in [*Team.objects.all(), *Cadre.objects.all()[:400], *Training.objects.all()]:
        record.full_clean()
