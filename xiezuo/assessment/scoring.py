"""Running an assessment scheme: every pairing's score, grade and rank, with the reason for
each point. ``run`` is the one action that does it (one transaction, one audit row)."""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from xiezuo.assessment.models import CountyClass, Item, Result, Rule, Run, Scheme
from xiezuo.core.money import format_amount
from xiezuo.indicators import compute as c
from xiezuo.indicators.dashboard import drill_url
from xiezuo.pairings.models import Pairing

TWO = Decimal("0.01")


@dataclass
class Points:
    points: Decimal
    ratio: Decimal | None
    note: str


def score_item(item: Item, actual: Decimal | None, target: Decimal | None,
               previous: Decimal | None) -> Points:
    """The points one item gives, and why, in words an assessor can check."""
    weight = Decimal(item.weight)
    if item.rule == Rule.YOY_PENALTY:
        if actual is not None and previous is not None and actual < previous:
            return Points(-weight, None, _("低于上年（%(p)s），扣 %(w)s 分") % {
                "p": _amount(item, previous), "w": _plain(weight)})
        return Points(Decimal(0), None, _("不低于上年，不扣分"))
    if item.rule == Rule.BONUS:
        threshold = Decimal(item.threshold or 0)
        if actual is not None and actual >= threshold:
            return Points(weight, None, _("达到 %(t)s，加 %(w)s 分") % {
                "t": _amount(item, threshold), "w": _plain(weight)})
        return Points(Decimal(0), None, _("未达到 %(t)s，不加分") % {
            "t": _amount(item, threshold)})
    ratio = c.completion(actual, target)
    if ratio is None:
        return Points(Decimal(0), None, _("没有年度目标或实际值，不得分"))
    if item.rule == Rule.STEPS:
        for floor, share in sorted(item.steps, key=lambda s: -Decimal(str(s[0]))):
            if ratio >= Decimal(str(floor)):
                points = (weight * Decimal(str(share))).quantize(TWO)
                return Points(points, ratio, _("完成率 %(r)s，达到 %(f)s 档，得 %(p)s 分") % {
                    "r": _pct(ratio), "f": _pct(Decimal(str(floor))), "p": _plain(points)})
        return Points(Decimal(0), ratio, _("完成率 %(r)s，低于最低档，不得分") % {
            "r": _pct(ratio)})
    capped = min(ratio, Decimal(item.cap))
    points = (weight * capped).quantize(TWO)
    note = _("完成率 %(r)s × %(w)s 分 = %(p)s 分") % {
        "r": _pct(capped), "w": _plain(weight), "p": _plain(points)}
    if capped < ratio:
        note += _("（完成率 %(r)s，封顶 %(c)s）") % {"r": _pct(ratio), "c": _pct(capped)}
    return Points(points, ratio, note)


def _pct(value: Decimal) -> str:
    return f"{value * 100:.1f}%"


def _amount(item: Item, value: Decimal) -> str:
    """A figure as the report shows it: money in 万元, other figures with their unit."""
    indicator = item.indicator if item.indicator_id else None
    if indicator is not None and indicator.is_money:
        return format_amount(value)
    unit = indicator.unit_label if indicator is not None else ""
    return f"{_plain(value)} {unit}".strip()


def _plain(value: Decimal) -> str:
    return f"{Decimal(value).normalize():,f}"


def rank(scores: list[tuple[Any, Decimal]]) -> dict[Any, int]:
    """Competition ranking, highest first: equal scores share a rank (1, 1, 3)."""
    ordered = sorted(scores, key=lambda s: -s[1])
    out: dict[Any, int] = {}
    previous: Decimal | None = None
    place = 0
    for position, (key, score) in enumerate(ordered, 1):
        if score != previous:
            place, previous = position, score
        out[key] = place
    return out


def pairings_for(scheme: Scheme, user: Any = None) -> list[Pairing]:
    qs: Any = Pairing.objects.visible_to(user) if user is not None else Pairing.objects.all()
    return list(qs.active_in_year(scheme.year).filter(recipient__level=scheme.level)
                .select_related("donor", "recipient").order_by("recipient__code", "pk"))


def evaluate(scheme: Scheme, pairings: list[Pairing]) -> list[Result]:
    """Unsaved results for ``pairings`` (figures from every row, not the runner's view)."""
    items = list(scheme.items.select_related("indicator").order_by("sort_order", "pk"))
    indicators = list({i.indicator.pk: i.indicator for i in items}.values())
    period = c.Period(scheme.year, scheme.cutoff)
    forest = c.Forest()
    subjects = {p.pk: c.pairing_subject(p, forest) for p in pairings}
    values = c.compute_pairings(indicators, list(subjects.values()),
                                [period, period.previous()])
    goals = c.targets(indicators, list(subjects.values()), [scheme.year], forest)
    classes = _classes(scheme)
    results: list[Result] = []
    for p in pairings:
        s = subjects[p.pk]
        lines: list[dict[str, Any]] = []
        total = Decimal(0)
        for item in items:
            ind = item.indicator
            actual = values.get(ind, s, period).value
            previous = values.get(ind, s, period.previous()).value
            target = goals.get((ind.pk, s.key, scheme.year))
            got = score_item(item, actual, target, previous)
            total += got.points
            lines.append({
                "indicator": ind.name, "unit": ind.unit, "is_money": ind.is_money,
                "rule": str(item.get_rule_display()), "weight": str(item.weight),
                "actual": None if actual is None else str(actual),
                "target": None if target is None else str(target),
                "previous": None if previous is None else str(previous),
                "ratio": None if got.ratio is None else str(got.ratio.quantize(Decimal("0.0001"))),
                "points": str(got.points), "note": got.note,
                "drill": drill_url(ind, s, period)})
        results.append(Result(pairing=p, county_class=classes.get(p.recipient_id, ""),
                              score=total.quantize(TWO), grade=scheme.grade_for(total),
                              rank=0, explanation=lines))
    by_class: dict[str, list[tuple[int, Decimal]]] = defaultdict(list)
    for i, r in enumerate(results):
        by_class[r.county_class].append((i, r.score))
    for group in by_class.values():
        for i, place in rank(group).items():
            results[i].rank = place
    return results


def _classes(scheme: Scheme) -> dict[int, str]:
    out: dict[int, str] = {}
    for cls in CountyClass.objects.filter(scheme=scheme).prefetch_related("regions"):
        for region in cls.regions.all():
            out[region.pk] = cls.name
    return out


def run(scheme: Scheme, user: Any = None) -> Run:
    """Score every pairing the scheme covers (those ``user`` may see) and store the run."""
    started = time.perf_counter()
    with transaction.atomic():
        results = evaluate(scheme, pairings_for(scheme, user))
        record = Run(scheme=scheme)
        record.save(audit_action="assess",
                    audit_reason=_("%(n)s 个结对参加考核") % {"n": len(results)})
        for r in results:
            r.run = record
        Result.objects.bulk_create(results, batch_size=500)
        record.seconds = time.perf_counter() - started
        Run.objects.filter(pk=record.pk).update(seconds=record.seconds)
    return record
