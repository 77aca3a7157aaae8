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

    def form_valid(self, form: Any) -> HttpResponse:
        form.user.must_change_password = False  # a temporary password is replaced
        return super().form_valid(form)


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


# --- the people of an office (用户管理) -----------------------------------------------------

def _people_admin(request: HttpRequest) -> Any:
    from xiezuo.accounts import actions

    if not actions.may_manage_people(request.user):
        raise PermissionDenied
    return actions


def users(request: HttpRequest) -> HttpResponse:
    """The accounts of the administrator's office and the offices below it, with their role,
    state and last sign-in."""
    from django.db.models import Q

    from xiezuo.accounts.forms import UserFilterForm
    from xiezuo.core.listing import paginate

    actions = _people_admin(request)
    offices = actions.manageable_offices(request.user)
    form = UserFilterForm(request.GET or None, offices, actions.assignable_roles(request.user))
    rows = actions.manageable_users(request.user).order_by("office__name", "username")
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            rows = rows.filter(Q(username__icontains=data["q"]) |
                               Q(full_name__icontains=data["q"]))
        if data["office"]:
            rows = rows.filter(office=data["office"])
        if data["role"]:
            rows = rows.filter(role=data["role"])
        if data["active"]:
            rows = rows.filter(is_active=data["active"] == "1")
    listing = paginate(request, rows, sorts={
        "username": ("username",), "full_name": ("full_name",), "office": ("office__name",),
        "role": ("role",), "active": ("is_active",), "last_login": ("last_login",),
        "password_changed": ("password_changed_at",)})
    return render(request, "accounts/users.html", {
        "page": listing.page, "listing": listing, "form": form,
        "querystring": listing.querystring})


def _user_form(request: HttpRequest, instance: User | None) -> Any:
    from xiezuo.accounts.forms import UserForm

    actions = _people_admin(request)
    scope = Scope.of(request.user)
    return UserForm(request.POST if request.method == "POST" else None,
                    actions.manageable_offices(request.user),
                    actions.assignable_roles(request.user), instance=instance,
                    may_grant_personal=scope.is_national_admin or bool(
                        getattr(request.user, "may_see_personal_data", False)))


def user_create(request: HttpRequest) -> HttpResponse:
    """A new account for an office in the administrator's scope; its temporary password is
    shown once."""
    actions = _people_admin(request)
    form = _user_form(request, None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user, password = actions.create_user(
            request.user, username=data["username"], full_name=data["full_name"],
            email=data["email"], office=data["office"], role=data["role"],
            may_see_personal_data=data["may_see_personal_data"])
        return render(request, "accounts/user_password.html",
                      {"target": user, "password": password, "created": True})
    return render(request, "accounts/user_form.html", {"form": form, "target": None})


def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change an account's name, office, role, rights or state (404 outside the scope)."""
    from django.core.exceptions import ValidationError
    from django.shortcuts import get_object_or_404

    actions = _people_admin(request)
    target = get_object_or_404(actions.manageable_users(request.user), pk=pk)
    form = _user_form(request, target)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.change_user(
                request.user, target, full_name=data["full_name"], email=data["email"],
                office=data["office"], role=data["role"],
                may_see_personal_data=data["may_see_personal_data"],
                is_active=data["is_active"], reason=data["reason"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("已保存用户 %(u)s。") % {"u": target.username})
            return redirect("accounts:users")
    return render(request, "accounts/user_form.html", {"form": form, "target": target})


@require_POST
def user_password(request: HttpRequest, pk: int) -> HttpResponse:
    """Reset an account's password to a temporary one, shown once (never in a redirect)."""
    from django.shortcuts import get_object_or_404

    actions = _people_admin(request)
    target = get_object_or_404(actions.manageable_users(request.user), pk=pk)
    if target.pk == request.user.pk:
        raise PermissionDenied
    password = actions.reset_password(request.user, target)
    return render(request, "accounts/user_password.html",
                  {"target": target, "password": password, "created": False})
