"""How many times the rows an approved submission covers were changed since its approval
(or since it was unlocked): what the approver weighs before approving again."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField
from django.db.models.functions import Cast

from xiezuo.core.models import AuditEntry
from xiezuo.ledgers.declare import model_of
from xiezuo.reporting.ledgers import rows_in
from xiezuo.reporting.models import Submission


def changes_since(submission: Submission) -> int:
    """Audit rows written on the covered ledger rows after ``baseline_at`` (one query per
    ledger). A row deleted after an unlock is gone from the period and not counted."""
    since = submission.baseline_at
    if since is None:
        return 0
    total = 0
    for label in submission.data_set.covered_ledgers():
        model = model_of(label)
        if model is None:
            continue
        ids = rows_in(model, submission.region_key, submission.period).annotate(
            key=Cast("pk", CharField())).values("key")
        total += AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(model), at__gt=since,
            object_id__in=ids).count()
    return total
