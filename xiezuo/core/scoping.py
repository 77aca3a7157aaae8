"""Row-level data scope (数据权限): the one mechanism every page and endpoint goes through.

A user's scope is the region of their office and everything below it, plus the pairings
the office is party to. A model says how its rows reach regions and pairings by declaring
``scope_regions`` (paths to Region foreign keys) and ``scope_pairings`` (paths to Pairing
foreign keys); :meth:`ScopedQuerySet.restrict` turns that into one filter.

**Reading and changing differ.** Both sides of a pairing *read* its rows; a row is
*changed* (added, edited, deleted, reviewed...) only by the side that reported it and the
offices above that side:

- a model that records which side reported a row names the field in ``scope_reported_by``
  (funds: ``reported_by``, a :class:`~xiezuo.ledgers.models.ReportingSide`); the row
  belongs to that side's party of the pairing — the donor or recipient region, or the
  row's own region when it lies inside that party;
- a model kept by one side whatever the row says names it in ``scope_reporting_side``
  (``"recipient"`` or ``"donor"``), or ``"both"`` for what both parties sign (annual
  targets): the row belongs to that party, or to its own region inside it;
- any other model belongs to the side where its region lies (``scope_regions``): work
  done in 临夏市 is 临夏市's to change, and 济南's office, the donor, reads it.

:meth:`Scope.covers` and :meth:`ScopedQuerySet.restrict` take the action and apply the
reading or the changing rule; :func:`get_for_user` answers 403 for a row the user sees
but may not change. Work that is national by nature (the assessment, the catalogue) asks
:meth:`Scope.is_national_admin`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import models
from django.db.models import F, Q
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

    @property
    def is_national_admin(self) -> bool:
        """National work (running the assessment, the catalogue, the schemes) is done only by
        a national administrator: national scope and the right to manage."""
        return self.national and self.allows(Action.MANAGE)

    def covers(self, obj: models.Model, action: Action | str = Action.VIEW) -> bool:
        """Whether ``obj`` (saved or not) falls inside this scope for ``action``, by the
        model's declared scope paths: the same rules as :func:`scope_filter` (reading) and
        :func:`change_filter` (any other action), evaluated on the instance."""
        if self.national:
            return True
        if self.region_key is None:
            return False
        if Action(action) != Action.VIEW:
            return any(self.covers_key(key) for key in owner_keys(obj))
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


def owner_keys(obj: models.Model) -> list[str]:
    """The scope keys of the places whose offices (and those above them) may change ``obj``:
    the reporting side's party (or the row's region inside it) when the model records the
    side, else the regions of ``scope_regions`` (the pairings' parties when it has none)."""
    side_field = getattr(obj, "scope_reported_by", None)
    fixed = getattr(obj, "scope_reporting_side", None)
    regions = getattr(obj, "scope_regions", ())
    pairings = getattr(obj, "scope_pairings", ())
    if (side_field or fixed) and regions and pairings:
        pairing = _follow(obj, pairings[0])
        if pairing is None:
            return []
        if fixed:
            sides = ["donor", "recipient"] if fixed == "both" else [fixed]
        else:
            sides = [str(getattr(obj, str(side_field), ""))]
        region = _follow(obj, regions[0])
        keys = []
        for side in sides:
            party = getattr(pairing, side, None) if side in ("donor", "recipient") else None
            if party is None:
                continue
            keys.append(party.scope_key)
            if region is not None and region.scope_key.startswith(party.scope_key):
                keys.append(region.scope_key)
        return keys
    if regions:
        found = [_follow(obj, path) for path in regions]
    else:
        found = []
        for path in pairings:
            pairing = _follow(obj, path)
            if pairing is not None:
                found += [getattr(pairing, "donor", None), pairing.recipient]
    return [r.scope_key for r in found if r is not None]


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


def change_filter(model: type[models.Model], region_key: str) -> Q:
    """The rows an office at ``region_key`` may change (see :func:`owner_keys`)."""
    side_field = getattr(model, "scope_reported_by", None)
    fixed = getattr(model, "scope_reporting_side", None)
    regions = getattr(model, "scope_regions", ())
    pairings = getattr(model, "scope_pairings", ())
    if (side_field or fixed) and regions and pairings:
        region = f"{regions[0]}__scope_key"
        q = Q()
        for side in ("donor", "recipient"):
            if fixed and fixed not in (side, "both"):
                continue
            party = f"{pairings[0]}__{side}__scope_key"
            inside = Q(**{f"{region}__startswith": region_key}) & Q(
                **{f"{region}__startswith": F(party)})
            mine = Q(**{f"{party}__startswith": region_key}) | inside
            q |= mine if fixed else Q(**{str(side_field): side}) & mine
        return q
    if regions:
        q = Q()
        for path in regions:
            q |= Q(**{f"{path}__scope_key__startswith": region_key})
        return q
    return scope_filter(model, region_key)


class ScopedQuerySet(models.QuerySet[_M]):
    def restrict(self: _QS, user: Any, action: Action | str = Action.VIEW) -> _QS:
        """Only the rows ``user`` may perform ``action`` on: the rows in sight for viewing,
        the rows of the user's own side for any other action."""
        scope = Scope.of(user)
        if not scope.allows(action):
            return self.none()
        if scope.national:
            return self
        assert scope.region_key is not None
        # Scope paths are forward foreign keys: the OR of joins cannot duplicate rows.
        if Action(action) == Action.VIEW:
            return self.filter(scope_filter(self.model, scope.region_key))
        return self.filter(change_filter(self.model, scope.region_key))

    def visible_to(self: _QS, user: Any) -> _QS:
        return self.restrict(user, Action.VIEW)


def get_for_user(
    queryset: ScopedQuerySet[_M], user: Any, pk: Any, action: Action | str = Action.VIEW
) -> _M:
    """The object ``pk`` if ``user`` may ``action`` it: 404 when out of sight, 403 when seen
    but not allowed (a viewer opening an edit page, the other side of a pairing opening a
    row it reads but did not report)."""
    from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
    from django.http import Http404

    visible = queryset.restrict(user, Action.VIEW)
    try:
        obj = visible.get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
    if action != Action.VIEW:
        scope = Scope.of(user)
        if not (scope.allows(action) and scope.covers(obj, action)):
            raise PermissionDenied
    return obj


def require(user: Any, action: Action | str) -> None:
    """Refuse (403) a user whose role does not allow ``action`` at all."""
    from django.core.exceptions import PermissionDenied

    if not Scope.of(user).allows(action):
        raise PermissionDenied


def require_national_admin(user: Any) -> None:
    """Refuse (403) anyone but a national administrator (see :attr:`Scope.is_national_admin`)."""
    from django.core.exceptions import PermissionDenied

    if not Scope.of(user).is_national_admin:
        raise PermissionDenied
