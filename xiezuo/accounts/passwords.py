"""The password policy (等保 2.0: identification and authentication): at least
``min_length`` characters (settings: 10) of three kinds of four (lower case, upper case,
digits, other signs), none of the user's last five passwords, a configurable lifetime
(``PASSWORD_MAX_AGE_DAYS``, 0: none) and the demo's shared password refused outside demo
mode. The validators are Django password validators (``AUTH_PASSWORD_VALIDATORS``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

#: how many of the user's previous passwords a new one may not repeat
HISTORY = 5


def character_classes(password: str) -> int:
    return sum((any(c.islower() for c in password), any(c.isupper() for c in password),
                any(c.isdigit() for c in password),
                any(not c.isalnum() for c in password)))


class CharacterClassesValidator:
    """At least ``classes`` of the four kinds of character."""

    def __init__(self, classes: int = 3) -> None:
        self.classes = classes

    def validate(self, password: str, user: Any = None) -> None:
        if character_classes(password) < self.classes:
            raise ValidationError(self.get_help_text(), code="password_classes")

    def get_help_text(self) -> str:
        return _("密码须包含大写字母、小写字母、数字、符号中的至少 %(n)s 种。") % {
            "n": self.classes}


class HistoryValidator:
    """Not one of the user's last ``HISTORY`` passwords (their current one included)."""

    def validate(self, password: str, user: Any = None) -> None:
        if user is None or getattr(user, "pk", None) is None:
            return
        from xiezuo.accounts.models import PasswordHistory

        hashes = list(PasswordHistory.objects.filter(user=user).order_by("-id")
                      .values_list("password", flat=True)[:HISTORY])
        from django.contrib.auth import get_user_model

        stored = get_user_model().objects.filter(pk=user.pk).values_list(
            "password", flat=True).first()
        if stored:
            hashes.append(stored)
        if any(check_password(password, h) for h in hashes if h):
            raise ValidationError(_("新密码不能与最近 %(n)s 次使用过的密码相同。") % {"n": HISTORY},
                                  code="password_reused")

    def get_help_text(self) -> str:
        return _("新密码不能与最近 %(n)s 次使用过的密码相同。") % {"n": HISTORY}


class NotDemoPasswordValidator:
    """The demo's shared password is refused outside demo mode."""

    def validate(self, password: str, user: Any = None) -> None:
        from xiezuo.accounts.demo import DEMO_PASSWORD

        if not settings.DEMO and password == DEMO_PASSWORD:
            raise ValidationError(_("演示环境的公用密码不能在正式环境中使用。"),
                                  code="password_demo")

    def get_help_text(self) -> str:
        return ""


def expired(user: Any, now: dt.datetime | None = None) -> bool:
    """Whether ``user``'s password is older than ``PASSWORD_MAX_AGE_DAYS`` (0: never)."""
    days = settings.PASSWORD_MAX_AGE_DAYS
    if not days or not getattr(user, "is_authenticated", False):
        return False
    changed = getattr(user, "password_changed_at", None) or getattr(user, "date_joined", None)
    if changed is None:
        return False
    return (now or timezone.now()) - changed > dt.timedelta(days=days)
