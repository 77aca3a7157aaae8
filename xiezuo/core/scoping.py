"""Row-level data scope (数据权限): the one mechanism every page and endpoint goes through.

A user's scope is the region of their office and everything below it, plus the pairings
the office is party to. A model says how its rows reach regions and pairings by declaring
``scope_regions`` (paths to Region foreign keys) and ``scope_pairings`` (paths to Pairing
foreign keys); :meth:`ScopedQuerySet.restrict` turns that into one filter.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from xiezuo.accounts.models import User


class Action(StrEnum):
    VIEW = "view"
    ADD = "add"
    CHANGE = "change"
    DELETE = "delete"
    REVIEW = "review"
    APPROVE = "approve"
    MANAGE = "manage"


class Role(models.TextChoices):
    VIEWER = "viewer", _("查看")
    DATA_ENTRY = "data_entry", _("数据录入")
    REVIEWER = "reviewer", _("审核")
    OFFICE_ADMIN = "office_admin", _("单位管理员")
    NATIONAL_ADMIN = "national_admin", _("全国管理员")


ROLE_ACTIONS: dict[str, frozenset[Action]] = {
    Role.VIEWER: frozenset({Action.VIEW}),
    Role.DATA_ENTRY: frozenset({Action.VIEW, Action.ADD, Action.CHANGE, Action.DELETE}),
    Role.REVIEWER: frozenset({Action.VIEW, Action.REVIEW, Action.APPROVE}),
    Role.OFFICE_ADMIN: frozenset(Action),
    Role.NATIONAL_ADMIN: frozenset(Action),
}


@dataclass(frozen=True)
class Scope:
    """What a user may reach: everything (national), a region subtree, or nothing."""

    national: bool
    region_key: str | None
    actions: frozenset[Action]

    @classmethod
    def of(cls, user: User | AnonymousUser | None) -> Scope:
        if user is None or not user.is_authenticated or not user.is_active:
            return cls(False, None, frozenset())
        if user.is_superuser:
            return cls(True, None, frozenset(Action))
        role = getattr(user, "role", "")
        actions = ROLE_ACTIONS.get(role, frozenset())
        office = getattr(user, "office", None)
        if role == Role.NATIONAL_ADMIN or (office is not None and office.is_national):
            return cls(True, None, actions)
        if office is None:
            return cls(False, None, frozenset())
        return cls(False, office.region.scope_key, actions)

    def allows(self, action: Action | str) -> bool:
        return Action(action) in self.actions

    def covers(self, obj: models.Model) -> bool:
        """Whether ``obj`` (saved or not) falls inside this scope, by the model's declared
        scope paths: the same rule as :func:`scope_filter`, evaluated on the instance."""
        if self.national:
            return True
        if self.region_key is None:
            return False
        keys = [_follow(obj, path) for path in getattr(obj, "scope_regions", ())]
        for path in getattr(obj, "scope_pairings", ()):
            pairing = _follow(obj, path)
            if pairing is not None:
                keys += [getattr(pairing, "donor", None), pairing.recipient]
        return any(r is not None and self.covers_key(r.scope_key) for r in keys)

    def covers_key(self, scope_key: str) -> bool:
        if self.national:
            return True
        return self.region_key is not None and scope_key.startswith(self.region_key)


def _follow(obj: Any, path: str) -> Any:
    for part in path.split("__"):
        if obj is None:
            return None
        obj = getattr(obj, part, None)
    return obj


_QS = TypeVar("_QS", bound="ScopedQuerySet[Any]")
_M = TypeVar("_M", bound=models.Model)


def scope_filter(model: type[models.Model], region_key: str) -> Q:
    q = Q()
    for path in getattr(model, "scope_regions", ()):
        q |= Q(**{f"{path}__scope_key__startswith": region_key})
    for path in getattr(model, "scope_pairings", ()):
        q |= Q(**{f"{path}__donor__scope_key__startswith": region_key})
        q |= Q(**{f"{path}__recipient__scope_key__startswith": region_key})
    if not q:
        raise TypeError(f"{model.__name__} declares neither scope_regions nor scope_pairings")
    return q


class ScopedQuerySet(models.QuerySet[_M]):
    def restrict(self: _QS, user: Any, action: Action | str = Action.VIEW) -> _QS:
        """Only the rows ``user`` may perform ``action`` on."""
        scope = Scope.of(user)
        if not scope.allows(action):
            return self.none()
        if scope.national:
            return self
        assert scope.region_key is not None
        # Scope paths are forward foreign keys: the OR of joins cannot duplicate rows.
        return self.filter(scope_filter(self.model, scope.region_key))

    def visible_to(self: _QS, user: Any) -> _QS:
        return self.restrict(user, Action.VIEW)


def get_for_user(
    queryset: ScopedQuerySet[_M], user: Any, pk: Any, action: Action | str = Action.VIEW
) -> _M:
    """The object ``pk`` if ``user`` may ``action`` it: 404 when out of sight, 403 when seen
    but not allowed (a viewer opening an edit page)."""
    from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
    from django.http import Http404

    visible = queryset.restrict(user, Action.VIEW)
    try:
        obj = visible.get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
    if action != Action.VIEW and not Scope.of(user).allows(action):
        raise PermissionDenied
    return obj


def require(user: Any, action: Action | str) -> None:
    """Refuse (403) a user whose role does not allow ``action`` at all."""
    from django.core.exceptions import PermissionDenied

    if not Scope.of(user).allows(action):
        raise PermissionDenied
