"""The second factor (django-otp, TOTP): setting up an authenticator app and entering its
six-digit code after the password. Required for office and national administrators unless
``OTP_REQUIRED`` is off (demo mode, see docs/OPERATIONS.md); anyone may set one up."""

from __future__ import annotations

import base64

from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from xiezuo.accounts.events import record_security_event

#: wrong codes a session may enter before it is signed out
MAX_TRIES = 5
_TRIES = "xiezuo_otp_tries"


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    return target if url_has_allowed_host_and_scheme(target, {request.get_host()}) else "/"


def _code(request: HttpRequest) -> str:
    return "".join(ch for ch in request.POST.get("otp_token", "") if ch.isdigit())[:8]


def _failed(request: HttpRequest) -> HttpResponse | None:
    """Count a wrong code; the last allowed one signs the session out."""
    tries = int(request.session.get(_TRIES, 0)) + 1
    request.session[_TRIES] = tries
    record_security_event("login_failed", request.user.get_username(),
                          {"second_factor": [None, tries]}, user=request.user)
    if tries >= MAX_TRIES:
        logout(request)
        messages.error(request, _("动态验证码错误次数过多，请重新登录。"))
        return redirect("accounts:login")
    return None


def verify(request: HttpRequest) -> HttpResponse:
    """The six-digit code of the user's authenticator app, after the password."""
    if request.method == "POST":
        device = match_token(request.user, _code(request))
        if device is not None:
            otp_login(request, device)
            request.session.pop(_TRIES, None)
            return redirect(_next(request))
        refused = _failed(request)
        if refused is not None:
            return refused
        messages.error(request, _("动态验证码不正确，请重新输入。"))
    return render(request, "accounts/otp.html", {"next": _next(request), "setup": None})


def setup(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: the key (and its otpauth:// link) to enter in the app,
    then one code from it to confirm."""
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name="xiezuo", confirmed=False)
    if request.method == "POST":
        if device.verify_token(_code(request)):
            device.confirmed = True
            device.save()
            otp_login(request, device)
            record_security_event("otp_device", request.user.get_username(),
                                  {"device": [None, device.name]}, user=request.user)
            messages.success(request, _("双因素认证已启用。"))
            return redirect(_next(request))
        refused = _failed(request)
        if refused is not None:
            return refused
        messages.error(request, _("动态验证码不正确，请核对手机时间后重新输入。"))
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return render(request, "accounts/otp.html", {
        "next": _next(request), "setup": {"secret": secret, "url": device.config_url}})
