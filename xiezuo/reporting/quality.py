"""Data quality rules run on a submitted period (DHIS2's validation rules): each rule a query
or two on the county's rows of the period, whatever their number; at most ``LIMIT`` findings a
rule. Findings are replaced each time the period is submitted; the county's explanations
(``FindingExplanation``) are kept apart and found again by rule and record.

Outlier rules (DHIS2's outlier detection) compare the period's total of a field with the
county's totals of the previous ``HISTORY_PERIODS`` periods by the median absolute deviation
(``outliers.py``): one aggregate query per ledger, whatever the number of periods or fields."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import F, Q, Sum
from django.db.models.functions import TruncMonth, TruncQuarter, TruncYear
from django.utils.translation import gettext as _

from xiezuo.ledgers.declare import model_of
from xiezuo.reporting.ledgers import date_field, owed_in, rows_in
from xiezuo.reporting.models import QualityFinding, QualityRule, RuleKind, Submission
from xiezuo.reporting.outliers import outlier
from xiezuo.reporting.periods import MONTHLY, QUARTERLY, Period

LIMIT = 50
#: how many periods before the submitted one an outlier rule looks at
HISTORY_PERIODS = 36


def _label(model: Any, name: str) -> str:
    return str(model._meta.get_field(name).verbose_name)


def findings(submission: Submission) -> list[QualityFinding]:
    """What the active rules of the submission's ledgers find in its period (unsaved)."""
    found: list[QualityFinding] = []
    covered = submission.data_set.covered_ledgers()
    by_ledger: dict[str, list[QualityRule]] = {}
    for rule in QualityRule.objects.filter(active=True, ledger__in=covered):
        model = model_of(rule.ledger)
        if model is None or not owed_in(model, submission.period):
            continue
        if rule.kind == RuleKind.OUTLIER:
            by_ledger.setdefault(rule.ledger, []).append(rule)
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
                    submission=submission, rule=rule, record_id=str(pk), value=value,
                    expected=_range(rule.minimum, rule.maximum),
                    message=_("第 %(id)s 条：%(f)s 为 %(v)s，超出 %(lo)s～%(hi)s") % {
                        "id": pk, "f": label, "v": value, "lo": rule.minimum or "",
                        "hi": rule.maximum or ""}))
        elif rule.kind == RuleKind.RELATION:
            other = _label(model, rule.other_field)
            for pk, value, limit in rows.filter(**{f"{rule.field}__gt": F(rule.other_field)}) \
                    .values_list("pk", rule.field, rule.other_field)[:LIMIT]:
                found.append(QualityFinding(
                    submission=submission, rule=rule, record_id=str(pk), value=value,
                    expected=_range(None, limit),
                    message=_("第 %(id)s 条：%(f)s %(v)s 大于%(o)s %(l)s") % {
                        "id": pk, "f": label, "v": value, "o": other, "l": limit}))
        elif rule.kind == RuleKind.YEAR_ON_YEAR and rule.ratio:
            before = _year_before(submission.period)
            now = rows.aggregate(s=Sum(rule.field))["s"] or Decimal(0)
            then = rows_in(model, submission.region_key, before).aggregate(
                s=Sum(rule.field))["s"] or Decimal(0)
            if then and (now > then * rule.ratio or now * rule.ratio < then):
                found.append(QualityFinding(
                    submission=submission, rule=rule, value=now,
                    expected=_range(then / rule.ratio, then * rule.ratio),
                    message=_("%(f)s 本期合计 %(n)s，上年同期 %(t)s，变化超过 %(r)s 倍") % {
                        "f": label, "n": now, "t": then, "r": rule.ratio}))
    for ledger, outlier_rules in by_ledger.items():
        found += _outliers(submission, ledger, outlier_rules)
    return found


def _figure(value: Decimal | None) -> str:
    if value is None:
        return ""
    return f"{value.quantize(Decimal('0.01')):f}".removesuffix(".00")


def _range(low: Decimal | None, high: Decimal | None) -> str:
    if low is None:
        return f"≤ {_figure(high)}"
    if high is None:
        return f"≥ {_figure(low)}"
    return f"{_figure(low)}～{_figure(high)}"


_TRUNC = {MONTHLY: TruncMonth, QUARTERLY: TruncQuarter}


def period_totals(submission: Submission, ledger: str, fields: list[str]
                  ) -> dict[Any, dict[str, Decimal]]:
    """The county's totals of ``fields`` in ``ledger`` for each period from
    ``HISTORY_PERIODS`` periods before the submission's up to it: one aggregate query, keyed
    by the period's first day (by the year for a ledger kept by year)."""
    model = model_of(ledger)
    assert model is not None
    name, by_year = date_field(model)
    period = submission.period
    first = period
    for _step in range(HISTORY_PERIODS):
        first = first.previous()
    rows = model._default_manager.filter(region__scope_key__startswith=submission.region_key)
    if by_year:
        rows = rows.filter(**{f"{name}__gte": first.start.year,
                              f"{name}__lte": period.end.year})
        key: Any = F(name)
    else:
        rows = rows.filter(**{f"{name}__gte": first.start, f"{name}__lte": period.end})
        key = _TRUNC.get(period.frequency, TruncYear)(name)
    sums = {f"total_{f}": Sum(f) for f in fields}
    totals: dict[Any, dict[str, Decimal]] = {}
    for row in rows.order_by().values(bucket=key).annotate(**sums):
        totals[row["bucket"]] = {f: Decimal(row[f"total_{f}"] or 0) for f in fields}
    return totals


def _outliers(submission: Submission, ledger: str, rules: list[QualityRule]
              ) -> list[QualityFinding]:
    model = model_of(ledger)
    assert model is not None
    totals = period_totals(submission, ledger, sorted({r.field for r in rules}))
    _name, by_year = date_field(model)
    now_key: Any = submission.period.end.year if by_year else submission.period.start
    if now_key not in totals:  # nothing entered this period: nothing to compare
        return []
    found: list[QualityFinding] = []
    for rule in rules:
        history = [t[rule.field] for key, t in totals.items() if key != now_key]
        value = totals[now_key][rule.field]
        hit = outlier(history, value, rule.threshold, rule.min_history)
        if hit is None:
            continue
        low, high = hit.bounds(rule.threshold)
        found.append(QualityFinding(
            submission=submission, rule=rule, value=value,
            expected=_range(low, high),
            message=_("%(f)s 本期合计 %(v)s，本县此前 %(n)s 期合计的中位数为 %(m)s，"
                      "偏离超过 %(k)s 个稳健标准差") % {
                "f": _label(model, rule.field), "v": _figure(value), "n": len(history),
                "m": _figure(hit.median), "k": rule.threshold}))
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
