import datetime as dt

import pytest

from xiezuo.core.audit import Actor, acting_as
from xiezuo.core.logging import mask_text
from xiezuo.core.models import AuditEntry, mask_value
from xiezuo.pairings.models import Kind, Pairing
from xiezuo.regions.models import Region

pytestmark = pytest.mark.django_db


def new_pairing() -> Pairing:
    return Pairing(donor=Region.objects.get(code="370100"),
                   recipient=Region.objects.get(code="622900"), kind=Kind.EAST_WEST,
                   level="prefecture", start_date=dt.date(2021, 1, 1))


def test_it_records_create_update_delete_with_field_changes(demo) -> None:
    user = demo["users"]["jinan_admin"]
    with acting_as(user):
        p = new_pairing()
        p.save()
        p.notes = "第一次联席会议"
        p.end_date = dt.date(2025, 12, 31)
        p.save()
        p.save()  # nothing changed: no entry
        pk = p.pk
        p.delete()
    entries = list(AuditEntry.objects.filter(object_id=str(pk),
                                             content_type__model="pairing").order_by("id"))
    assert [e.action for e in entries] == ["create", "update", "delete"]
    create, update, delete = entries
    assert create.actor == user and create.actor_label == "jinan_admin"
    assert create.changes["start_date"] == [None, "2021-01-01"]
    assert update.changes == {"notes": ["", "第一次联席会议"],
                              "end_date": [None, "2025-12-31"], "version": [1, 2]}
    assert delete.changes["kind"] == ["east_west", None]
    assert delete.object_repr == "济南市 → 临夏回族自治州"


def test_it_records_who_made_and_changed_a_row(demo) -> None:
    user = demo["users"]["jinan_admin"]
    with acting_as(user):
        p = new_pairing()
        p.save()
    assert p.created_by == user and p.updated_by == user


def test_commands_act_as_named_system_actors(demo) -> None:
    with acting_as(Actor(None, "import")):
        p = new_pairing()
        p.save()
    entry = p.history.get()
    assert entry.actor is None and entry.actor_label == "import"


def test_a_failed_save_leaves_no_audit_row(demo) -> None:
    from django.db import IntegrityError, transaction

    before = AuditEntry.objects.count()
    p = new_pairing()
    p.recipient = p.donor  # violates the check constraint
    with pytest.raises(IntegrityError), transaction.atomic():
        p.save()
    assert AuditEntry.objects.count() == before


def test_personal_data_is_masked() -> None:
    assert mask_value("51342819900101123X") == "5134**********123X"
    assert mask_value("13812345678") == "1381***5678"
    line = "录入 51342819900101123X 电话 13812345678"
    assert mask_text(line) == "录入 5134**********123X 电话 138****5678"
