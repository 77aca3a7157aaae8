"""The demo data: the 阳光大姐 base of seed 000, valid fake ID numbers, and the rules kept."""

import pytest

from xiezuo.core.personal import validate_id_number
from xiezuo.labour import demo as labour_demo
from xiezuo.labour.models import LabourCount, LabourRecord, TrainingBase

pytestmark = pytest.mark.django_db


def test_it_loads_once_with_the_seed_base(demo) -> None:
    labour_demo.load()
    labour_demo.load()
    base = TrainingBase.objects.get(name="阳光大姐湘西培训基地")
    assert base.region.name == "吉首市" and str(base.established_on) == "2019-06-26"
    assert base.partner == "济南阳光大姐服务有限责任公司"
    assert TrainingBase.objects.count() == 3


def test_every_demo_record_passes_validation(demo) -> None:
    labour_demo.load()
    people = list(LabourRecord.objects.all())
    assert len(people) == len({(p.id_number, p.year) for p in people})
    for p in people:
        validate_id_number(p.id_number)
        assert p.id_number[4:6] == "99"  # a county code no county bears: nobody's number
    for record in [*people[:150], *LabourCount.objects.all()[:60], *TrainingBase.objects.all()]:
        record.full_clean()
