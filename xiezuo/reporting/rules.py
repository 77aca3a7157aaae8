"""Who may take which step: the action the role allows, a scope covering the county, and the
level of the user's office (the county submits, the prefecture reviews, the province
approves and unlocks). A county with no prefecture above it (重庆's districts and counties,
the counties a province administers directly), or whose prefecture has no reviewer in the
system, is reviewed by its province."""

from __future__ import annotations

from typing import Any

from xiezuo.core.scoping import ROLE_ACTIONS, Action, Role, Scope
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


def reviewing_level(submission: Any, staffed: set[int] | None = None) -> str:
    """The level of the office that reviews ``submission``: the prefecture above the county;
    the province when the county hangs directly on it, or when no one at the prefecture may
    review (no office of it in the system, or no reviewer there: the county would wait for
    ever). ``staffed``: the prefectures with a reviewer, read once for a list."""
    parent = submission.region.parent
    if parent is not None and parent.level == Level.PREFECTURE:
        if (parent.pk in staffed if staffed is not None
                else reviewer_users().filter(office__region=parent).exists()):
            return str(Level.PREFECTURE)
    return str(Level.PROVINCE)


def staffed_prefectures() -> set[int]:
    """The prefectures (region ids) where someone may review."""
    return set(reviewer_users().filter(office__region__level=Level.PREFECTURE)
               .values_list("office__region_id", flat=True))


def acting_users(*actions: Action) -> Any:
    """The active users whose role allows one of ``actions``, national administrators apart."""
    from xiezuo.accounts.models import User

    roles = [str(role) for role, allowed in ROLE_ACTIONS.items()
             if role != Role.NATIONAL_ADMIN and any(a in allowed for a in actions)]
    return User.objects.filter(is_active=True, role__in=roles)


def reviewer_users() -> Any:
    return acting_users(Action.REVIEW)


def may_review(user: Any, submission: Any, staffed: set[int] | None = None) -> bool:
    scope = Scope.of(user)
    region = _office_region(user)
    return (scope.allows(Action.REVIEW) and not scope.national and region is not None
            and region.scope_key != submission.region_key
            and scope.covers_key(submission.region_key)
            and region.level == reviewing_level(submission, staffed))


def may_approve(user: Any, submission: Any) -> bool:
    scope = Scope.of(user)
    if not scope.allows(Action.APPROVE):
        return False
    if scope.national:
        return True
    region = _office_region(user)
    return (region is not None and region.level == Level.PROVINCE
            and scope.covers_key(submission.region_key))
