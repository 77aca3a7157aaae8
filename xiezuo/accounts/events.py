"""Security events written to the audit log: logins, failed logins, lockouts and unlocks,
role and permission changes (``User.save``), API tokens issued and revoked.

Logins, failures and lockouts are reported by Django's and django-axes' authentication
signals — the only place they are known — and each becomes one audit row here; the rest are
written by the action that makes the change.
"""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from xiezuo.core.audit import SYSTEM, Actor, actor_for

#: who made a request nobody signed in to: the client's address
ANONYMOUS = "anonymous"


def _address(request: Any) -> str:
    if request is None:
        return ""
    from xiezuo.accounts.lockout import client_address

    return client_address(request)


def record_security_event(action: str, target: str, changes: dict[str, Any] | None = None,
                          reason: str = "", actor: Actor | None = None,
                          user: Any = None) -> None:
    """One audit row about an account (``user``, or the name ``target`` when no such user
    exists) or an address."""
    from xiezuo.accounts.models import User
    from xiezuo.core.models import record_event

    record_event(User, user.pk if user is not None else "", target, action, changes, reason,
                 actor=actor)


def _login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    from xiezuo.accounts.middleware import touch

    touch(request)  # the idle clock starts at sign-in
    record_security_event("login", user.get_username(), {"address": [None, _address(request)]},
                          actor=actor_for(user), user=user)


def _logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record_security_event("logout", user.get_username(),
                              {"address": [None, _address(request)]},
                              actor=actor_for(user), user=user)


def _login_failed(sender: Any, credentials: dict[str, Any], request: Any = None,
                  **kwargs: Any) -> None:
    from xiezuo.accounts.models import User

    name = str(credentials.get("username", ""))[:150]
    user = User.objects.filter(username=name).first() if name else None
    record_security_event("login_failed", name, {"address": [None, _address(request)]},
                          actor=Actor(None, ANONYMOUS), user=user)


def _locked_out(sender: Any, request: Any, username: str | None, ip_address: str,
                **kwargs: Any) -> None:
    from xiezuo.accounts.models import User

    name = (username or "")[:150]
    user = User.objects.filter(username=name).first() if name else None
    record_security_event("lockout", name or ip_address,
                          {"username": [None, name], "address": [None, ip_address]},
                          actor=SYSTEM, user=user)


def connect() -> None:
    from axes.signals import user_locked_out
    from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

    receiver(user_logged_in, dispatch_uid="xiezuo-login")(_login)
    receiver(user_logged_out, dispatch_uid="xiezuo-logout")(_logout)
    receiver(user_login_failed, dispatch_uid="xiezuo-login-failed")(_login_failed)
    receiver(user_locked_out, dispatch_uid="xiezuo-lockout")(_locked_out)
