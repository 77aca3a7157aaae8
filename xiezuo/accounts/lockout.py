"""Login lockout (django-axes): per account and per client address, counted separately.

An account is locked after ``LOGIN_FAILURE_LIMIT`` failed logins (from anywhere) within
``LOGIN_FAILURE_WINDOW`` seconds; an address after ``LOGIN_ADDRESS_FAILURE_LIMIT`` failures
(for any accounts), a higher number because an office's machines often share one address.
The client address is ``REMOTE_ADDR``, or — only behind a configured reverse proxy — the
header the proxy sets (``XIEZUO_CLIENT_IP_HEADER``, honoured only from the addresses in
``XIEZUO_TRUSTED_PROXIES``). An administrator unlocks an account or address on the 登录锁定
page (``accounts:lockouts``) or with ``xiezuo axes_reset_username NAME``.
"""

from __future__ import annotations

from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def client_address(request: HttpRequest) -> str:
    """The address of the browser: the proxy's header when the request comes from a trusted
    proxy and a header is configured, else the socket's peer."""
    peer = request.META.get("REMOTE_ADDR", "") or ""
    header = settings.CLIENT_IP_HEADER
    if not header or peer not in settings.TRUSTED_PROXIES:
        return peer
    value = request.META.get("HTTP_" + header.upper().replace("-", "_"), "")
    # X-Forwarded-For: "client, proxy1, proxy2" — the right-most address that is not one of
    # our own proxies is the one our proxy saw; anything left of it the client could forge.
    hops = [h.strip() for h in value.split(",") if h.strip()]
    while hops and hops[-1] in settings.TRUSTED_PROXIES:
        hops.pop()
    return hops[-1] if hops else peer


class SeparateLimits(AxesDatabaseHandler):
    """django-axes' database handler with one limit for accounts and another for addresses
    (axes has one limit for every lockout parameter): the address's count is scaled to the
    account limit, so each reaches the lock at its own number."""

    def get_failures(self, request: Any, credentials: dict[str, Any] | None = None) -> int:
        account_limit = settings.AXES_FAILURE_LIMIT
        worst = 0
        params = self._params(request, credentials)
        for param, attempts in zip(params, self.get_user_attempts(request, credentials),
                                   strict=True):
            count = attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
            if "ip_address" in param and "username" not in param:
                count = count * account_limit // settings.LOGIN_ADDRESS_FAILURE_LIMIT
            worst = max(worst, count)
        return worst

    @staticmethod
    def _params(request: Any, credentials: dict[str, Any] | None) -> list[Any]:
        from axes.helpers import get_lockout_parameters

        return list(get_lockout_parameters(request, credentials))


def locked_out(request: HttpRequest, original_response: Any = None,
               credentials: dict[str, Any] | None = None) -> HttpResponse:
    """The login page again, saying the account or address is locked (HTTP 429)."""
    from xiezuo.accounts.forms import LoginForm

    minutes = settings.LOGIN_FAILURE_WINDOW // 60
    form = LoginForm(request, data=None)
    return render(request, "accounts/login.html", {
        "form": form, "next": request.POST.get("next", ""),
        "locked_message": _("登录失败次数过多，账号或所在地址已被锁定 %(m)s 分钟；"
                            "如需立即解锁，请联系管理员。") % {"m": minutes},
    }, status=429)
