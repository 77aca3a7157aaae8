from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xiezuo.accounts.forms import LoginForm
from xiezuo.accounts.models import Office, User
from xiezuo.core.money import Unit
from xiezuo.core.scoping import Action, Scope


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


@require_POST
def money_unit(request: HttpRequest) -> HttpResponse:
    """The unit amounts are shown in for this user (元 / 万元 / 亿元)."""
    unit = request.POST.get("unit", "")
    if unit in Unit.values and request.user.is_authenticated:
        User.objects.filter(pk=request.user.pk).update(money_unit=unit)
    target = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
        target = "/"
    return redirect(target)


def _lock_scope(user: Any) -> tuple[bool, set[str] | None]:
    """(may see address locks, the usernames whose locks ``user`` may lift — None: all)."""
    scope = Scope.of(user)
    if not scope.allows(Action.MANAGE):
        raise PermissionDenied
    if scope.national:
        return True, None
    offices: Any = Office.objects.restrict(user, Action.MANAGE)
    return False, set(User.objects.filter(office__in=offices).values_list("username", flat=True))


def lockouts(request: HttpRequest) -> HttpResponse:
    """Accounts and addresses locked out after failed logins, for administrators to unlock
    (national administrators: every one; office administrators: their offices' users)."""
    from axes.models import AccessAttempt

    addresses_ok, usernames = _lock_scope(request.user)
    since = timezone.now() - dt.timedelta(seconds=settings.LOGIN_FAILURE_WINDOW)
    recent = AccessAttempt.objects.filter(attempt_time__gte=since)
    accounts = recent.values("username").annotate(n=Sum("failures_since_start")).order_by("-n")
    if usernames is not None:
        accounts = accounts.filter(username__in=usernames)
    addresses = (recent.values("ip_address").annotate(n=Sum("failures_since_start"))
                 .order_by("-n") if addresses_ok else [])
    return render(request, "accounts/lockouts.html", {
        "accounts": [(a["username"], a["n"], a["n"] >= settings.LOGIN_FAILURE_LIMIT)
                     for a in accounts],
        "addresses": [(a["ip_address"], a["n"], a["n"] >= settings.LOGIN_ADDRESS_FAILURE_LIMIT)
                      for a in addresses],
        "account_limit": settings.LOGIN_FAILURE_LIMIT,
        "address_limit": settings.LOGIN_ADDRESS_FAILURE_LIMIT,
    })


@require_POST
def unlock(request: HttpRequest) -> HttpResponse:
    """Lift the lock on an account (``username``) or an address (``address``), audited."""
    from axes.utils import reset

    from xiezuo.accounts.events import record_security_event

    addresses_ok, usernames = _lock_scope(request.user)
    username = request.POST.get("username", "")[:150]
    address = request.POST.get("address", "")[:45]
    if username and (usernames is None or username in usernames):
        count = reset(username=username)
        record_security_event("unlock", username, {"username": [username, None]},
                              _("解除登录锁定（%(n)s 条失败记录）") % {"n": count})
        messages.success(request, _("已解锁账号 %(u)s。") % {"u": username})
    elif address and addresses_ok:
        count = reset(ip=address)
        record_security_event("unlock", address, {"address": [address, None]},
                              _("解除登录锁定（%(n)s 条失败记录）") % {"n": count})
        messages.success(request, _("已解锁地址 %(a)s。") % {"a": address})
    else:
        raise PermissionDenied
    return redirect("accounts:lockouts")
