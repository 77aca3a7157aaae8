"""What a signed-in session must satisfy on every request: not idle too long, a second
factor for administrators (django-otp TOTP), a password that has not expired and is not a
temporary one set by an administrator."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from xiezuo.core.scoping import Role

#: the session key of the last request's time (seconds since the epoch)
LAST_SEEN = "xiezuo_last_seen"
#: how often the time is written back (a session write per request would cost a query)
TOUCH_EVERY = 60


def touch(request: HttpRequest | None) -> None:
    """Note the time of this request in the session (sign-in starts the idle clock)."""
    session = getattr(request, "session", None)
    if session is not None:
        session[LAST_SEEN] = int(time.time())


class IdleTimeoutMiddleware:
    """Signs out a session that made no request for ``SESSION_IDLE_TIMEOUT`` seconds; the
    absolute limit is ``SESSION_COOKIE_AGE``, counted from sign-in."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            last = request.session.get(LAST_SEEN)
            if last is not None and now - int(last) > settings.SESSION_IDLE_TIMEOUT:
                logout(request)
                messages.info(request, _("长时间未操作，已自动退出，请重新登录。"))
            elif last is None or now - int(last) >= TOUCH_EVERY:
                touch(request)
        return self.get_response(request)


def needs_second_factor(user: object) -> bool:
    """Office and national administrators (and superusers) sign in with a TOTP code too,
    unless ``OTP_REQUIRED`` is off (demo mode)."""
    if not settings.OTP_REQUIRED or not getattr(user, "is_authenticated", False):
        return False
    return bool(getattr(user, "is_superuser", False) or getattr(user, "role", "") in (
        Role.OFFICE_ADMIN, Role.NATIONAL_ADMIN))


#: URL names a session may reach before its second factor and while its password is expired
_OPEN = {"accounts:otp", "accounts:otp_setup", "accounts:logout", "set_language",
         "accounts:password_change", "accounts:password_change_done", "accounts:login"}


class AccountGateMiddleware:
    """An administrator without a verified second factor goes to the code page (or sets one
    up); a user whose password expired goes to the password page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not self._open(request):
            if needs_second_factor(user) and not user.is_verified():
                from django_otp import user_has_device

                name = "accounts:otp" if user_has_device(user) else "accounts:otp_setup"
                return redirect(f"{reverse(name)}?next={request.get_full_path()}")
            from xiezuo.accounts.passwords import expired

            if getattr(user, "must_change_password", False):
                messages.warning(request, _("您正在使用管理员设置的临时密码，请先修改密码。"))
                return redirect("accounts:password_change")
            if expired(user):
                messages.warning(request, _("密码已过期，请先修改密码。"))
                return redirect("accounts:password_change")
        return self.get_response(request)

    @staticmethod
    def _open(request: HttpRequest) -> bool:
        if request.path.startswith((settings.STATIC_URL or "/static/", "/api/")):
            return True
        match = getattr(request, "resolver_match", None)
        if match is None:
            from django.urls import Resolver404, resolve

            try:
                match = resolve(request.path_info)
            except Resolver404:
                return True
        return match.view_name in _OPEN
