"""Who may take which step: the action the role allows, a scope covering the county, and the
level of the user's office (the county submits, the prefecture reviews, the province
approves and unlocks). A county with no prefecture above it (重庆's districts and counties,
the counties a province administers directly) is reviewed by its province."""

from __future__ import annotations

from typing import Any

from xiezuo.core.scoping import Action, Scope
from xiezuo.regions.models import Level


def _office_region(user: Any) -> Any:
    office = getattr(user, "office", None)
    return getattr(office, "region", None) if office is not None else None


def may_submit(user: Any, submission: Any) -> bool:
    scope = Scope.of(user)
    region = _office_region(user)
    return ((scope.allows(Action.ADD) or scope.allows(Action.CHANGE))
            and not scope.national and region is not None
            and region.scope_key == submission.region_key)


def reviewing_level(submission: Any) -> str:
    """The level of the office that reviews ``submission``: the prefecture above the county,
    or the province when the county hangs directly on it."""
    parent = submission.region.parent
    if parent is not None and parent.level == Level.PREFECTURE:
        return str(Level.PREFECTURE)
    return str(Level.PROVINCE)


def may_review(user: Any, submission: Any) -> bool:
    scope = Scope.of(user)
    region = _office_region(user)
    return (scope.allows(Action.REVIEW) and not scope.national and region is not None
            and region.level == reviewing_level(submission)
            and region.scope_key != submission.region_key
            and scope.covers_key(submission.region_key))


def may_approve(user: Any, submission: Any) -> bool:
    scope = Scope.of(user)
    if not scope.allows(Action.APPROVE):
        return False
    if scope.national:
        return True
    region = _office_region(user)
    return (region is not None and region.level == Level.PROVINCE
            and scope.covers_key(submission.region_key))
