"""An office administrator's work on the people of their office and the offices below it:
create an account, change its office, role and rights, disable it, reset its password.

Who may manage whom is one rule (:func:`manageable_offices`, :func:`manageable_users`): the
offices an administrator may change through the scoping mechanism (their own office's region
and everything below it), never an account above that, never a national role or an account
that holds one. Each change is one function, one transaction, audited by ``User.save`` (a new
account; a change of role, office, rights, name or password) with the reason given here.
"""

from __future__ import annotations

import secrets
import string
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from xiezuo.accounts.models import Office, User
from xiezuo.core import chain
from xiezuo.core.scoping import Action, Role, Scope


def may_manage_people(user: Any) -> bool:
    return Scope.of(user).allows(Action.MANAGE)


def manageable_offices(user: Any) -> QuerySet[Office]:
    """The offices whose people ``user`` manages: national administrators every office; an
    office administrator their own office's region and the regions below it."""
    return Office.objects.restrict(user, Action.MANAGE).select_related("region")


def manageable_users(user: Any) -> QuerySet[User]:
    """The accounts ``user`` manages: those of :func:`manageable_offices`; for anyone but a
    national administrator, no national role, superuser or staff account among them."""
    scope = Scope.of(user)
    if not scope.allows(Action.MANAGE):
        return User.objects.none()
    users = User.objects.all()
    if not scope.national:
        users = users.filter(office__in=manageable_offices(user)).exclude(
            Q(role=Role.NATIONAL_ADMIN) | Q(is_superuser=True) | Q(is_staff=True))
    return users.select_related("office")


def assignable_roles(user: Any) -> list[tuple[str, str]]:
    """The roles ``user`` may give: every one but the national role, which only a national
    administrator gives."""
    national = Scope.of(user).is_national_admin
    return [(value, str(label)) for value, label in Role.choices
            if national or value != Role.NATIONAL_ADMIN]


def temporary_password() -> str:
    """A password of the four kinds of character (the policy asks three), 14 long."""
    kinds = (string.ascii_uppercase, string.ascii_lowercase, string.digits, "-_!#%+")
    alphabet = "".join(kinds)
    chars = [secrets.choice(kind) for kind in kinds]
    chars += [secrets.choice(alphabet) for _ in range(10)]
    secrets.SystemRandom().shuffle(chars)
    return "".join(chars)


def _check(actor: Any, target: User, office: Office | None, role: str,
           personal: bool) -> None:
    """Refuse (PermissionDenied) what the actor may not give: an office outside their own
    scope, a national role, the right to see personal data they do not have themselves."""
    scope = Scope.of(actor)
    if not scope.allows(Action.MANAGE):
        raise PermissionDenied
    if scope.is_national_admin:
        return
    if office is None or not manageable_offices(actor).filter(pk=office.pk).exists():
        raise PermissionDenied(_("只能管理本单位及下级单位的用户。"))
    if role not in dict(assignable_roles(actor)):
        raise PermissionDenied(_("单位管理员不能授予全国管理员角色。"))
    if personal and not getattr(actor, "may_see_personal_data", False) and not (
            target.pk and target.may_see_personal_data):
        raise PermissionDenied(_("不能授予自己没有的查看个人敏感信息权限。"))


@transaction.atomic
def create_user(actor: Any, *, username: str, full_name: str, email: str, office: Office,
                role: str, may_see_personal_data: bool = False) -> tuple[User, str]:
    """A new account in ``office`` with a temporary password that must be changed at the
    first sign-in; returns the account and the password (shown once, never stored)."""
    user = User(username=username, full_name=full_name, email=email, office=office,
                role=role, may_see_personal_data=may_see_personal_data,
                must_change_password=True)
    _check(actor, user, office, role, may_see_personal_data)
    password = temporary_password()
    user.set_password(password)
    user.audit_reason = _("由 %(a)s 在用户管理中新建") % {"a": actor.get_username()}
    user.save()
    return user, password


@transaction.atomic
def change_user(actor: Any, target: User, *, full_name: str, email: str, office: Office,
                role: str, may_see_personal_data: bool, is_active: bool,
                reason: str = "") -> User:
    """Change an account's name, office, role, rights or whether it may sign in."""
    chain.hold()  # the audit chain's head before any row (core/chain.py)
    user = User.objects.select_for_update().get(pk=target.pk)
    if not manageable_users(actor).filter(pk=user.pk).exists():
        raise PermissionDenied
    if user.pk == actor.pk and (role != user.role or not is_active or office != user.office):
        raise ValidationError(_("不能修改自己的角色、单位或停用自己的账号。"))
    _check(actor, user, office, role, may_see_personal_data)
    user.full_name, user.email, user.office = full_name, email, office
    user.role, user.may_see_personal_data, user.is_active = role, may_see_personal_data, \
        is_active
    user.audit_reason = reason or _("由 %(a)s 在用户管理中修改") % {"a": actor.get_username()}
    user.save()
    return user


@transaction.atomic
def reset_password(actor: Any, target: User) -> str:
    """A new temporary password for ``target`` (to be changed at the next sign-in), and the
    account's login lock lifted; returns the password (shown once)."""
    from axes.utils import reset

    chain.hold()  # the audit chain's head before any row (core/chain.py)
    user = User.objects.select_for_update().get(pk=target.pk)
    if not manageable_users(actor).filter(pk=user.pk).exists() or user.pk == actor.pk:
        raise PermissionDenied
    password = temporary_password()
    user.set_password(password)
    user.must_change_password = True
    user.audit_reason = _("由 %(a)s 重置为临时密码") % {"a": actor.get_username()}
    user.save()
    reset(username=user.username)
    return password
