"""Data quality rules run on a submitted period (DHIS2's validation rules): each rule a query
or two on the county's rows of the period, whatever their number; at most ``LIMIT`` findings a
rule. Findings are replaced each time the period is submitted."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import F, Q, Sum
from django.utils.translation import gettext as _

from xiezuo.ledgers.declare import model_of
from xiezuo.reporting.ledgers import owed_in, rows_in
from xiezuo.reporting.models import QualityFinding, QualityRule, RuleKind, Submission
from xiezuo.reporting.periods import Period

LIMIT = 50


def _label(model: Any, name: str) -> str:
    return str(model._meta.get_field(name).verbose_name)


def findings(submission: Submission) -> list[QualityFinding]:
    """What the active rules of the submission's ledgers find in its period (unsaved)."""
    found: list[QualityFinding] = []
    covered = submission.data_set.covered_ledgers()
    for rule in QualityRule.objects.filter(active=True, ledger__in=covered):
        model = model_of(rule.ledger)
        if model is None or not owed_in(model, submission.period):
            continue
        rows = rows_in(model, submission.region_key, submission.period)
        label = _label(model, rule.field)
        if rule.kind == RuleKind.RANGE:
            outside = Q()
            if rule.minimum is not None:
                outside |= Q(**{f"{rule.field}__lt": rule.minimum})
            if rule.maximum is not None:
                outside |= Q(**{f"{rule.field}__gt": rule.maximum})
            if not outside:
                continue
            for pk, value in rows.filter(outside).values_list("pk", rule.field)[:LIMIT]:
                found.append(QualityFinding(
                    submission=submission, rule=rule, record_id=str(pk),
                    message=_("第 %(id)s 条：%(f)s 为 %(v)s，超出 %(lo)s～%(hi)s") % {
                        "id": pk, "f": label, "v": value, "lo": rule.minimum or "",
                        "hi": rule.maximum or ""}))
        elif rule.kind == RuleKind.RELATION:
            other = _label(model, rule.other_field)
            for pk, value, limit in rows.filter(**{f"{rule.field}__gt": F(rule.other_field)}) \
                    .values_list("pk", rule.field, rule.other_field)[:LIMIT]:
                found.append(QualityFinding(
                    submission=submission, rule=rule, record_id=str(pk),
                    message=_("第 %(id)s 条：%(f)s %(v)s 大于%(o)s %(l)s") % {
                        "id": pk, "f": label, "v": value, "o": other, "l": limit}))
        elif rule.kind == RuleKind.YEAR_ON_YEAR and rule.ratio:
            before = _year_before(submission.period)
            now = rows.aggregate(s=Sum(rule.field))["s"] or Decimal(0)
            then = rows_in(model, submission.region_key, before).aggregate(
                s=Sum(rule.field))["s"] or Decimal(0)
            if then and (now > then * rule.ratio or now * rule.ratio < then):
                found.append(QualityFinding(
                    submission=submission, rule=rule,
                    message=_("%(f)s 本期合计 %(n)s，上年同期 %(t)s，变化超过 %(r)s 倍") % {
                        "f": label, "n": now, "t": then, "r": rule.ratio}))
    return found


def _year_before(period: Period) -> Period:
    return Period.containing(period.frequency, dt.date(period.start.year - 1,
                                                       period.start.month, 1))


def run(submission: Submission) -> int:
    """Replace the submission's findings by what the rules find now (in the caller's
    transaction); returns their number."""
    QualityFinding.objects.filter(submission=submission).delete()
    made = QualityFinding.objects.bulk_create(findings(submission))
    return len(made)
