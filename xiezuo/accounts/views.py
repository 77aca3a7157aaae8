from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from xiezuo.accounts.forms import ThrottledLoginForm
from xiezuo.accounts.models import User
from xiezuo.core.money import Unit


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = ThrottledLoginForm
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
