"""The user's notification preferences, and the deliveries (for a national administrator)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from xiezuo.core.scoping import Scope
from xiezuo.delivery import actions
from xiezuo.delivery.forms import PreferenceForm
from xiezuo.delivery.models import Delivery, Preference, Status


def preferences(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    pref = Preference.objects.filter(user=user).first()
    form = PreferenceForm(request.POST if request.method == "POST" else None, preference=pref)
    if request.method == "POST" and form.is_valid():
        _pref, changed = actions.save_preferences(user, form.channels(),
                                                  form.cleaned_data["webhook_url"])
        messages.success(request, _("通知偏好已保存。") if changed else _("没有改动。"))
        return redirect("delivery:preferences")
    kinds = [form[name] for name in form.fields if name.startswith("kind_")]
    return render(request, "delivery/preferences.html", {
        "form": form, "kinds": kinds, "has_email": bool(getattr(user, "email", ""))})


def may_see_deliveries(user: Any) -> bool:
    """Every delivery names its recipient: the national administrator's page (the
    navigation asks the same)."""
    return Scope.of(user).is_national_admin


def deliveries(request: HttpRequest) -> HttpResponse:
    if not may_see_deliveries(request.user):
        raise PermissionDenied
    status = request.GET.get("status", "")
    rows = Delivery.objects.select_related("user").order_by("-created_at", "-id")
    if status in Status.values:
        rows = rows.filter(status=status)
    return render(request, "delivery/deliveries.html", {
        "rows": rows[:200], "status": status, "statuses": Status.choices})
