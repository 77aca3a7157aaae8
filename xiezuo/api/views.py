"""The API's pages for people: the landing page at /api/v1/ listing the endpoints, and the
page where a user issues, lists and revokes their own tokens (under /tokens/, outside
/api/, so that it asks for the second factor and a current password like every page)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from xiezuo.api.models import ApiToken

METHODS = ("get", "post", "put", "patch", "delete")


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Every endpoint of the OpenAPI document, grouped by its tag, with its summary."""
    from xiezuo.api.api import api

    root = reverse("api:api-root").rstrip("/")
    schema = api.get_openapi_schema(path_prefix=root)
    groups: dict[str, list[dict[str, Any]]] = {}
    for path, operations in schema["paths"].items():
        for method in METHODS:
            op = operations.get(method)
            if op is None:
                continue
            tag = (op.get("tags") or ["api"])[0]
            groups.setdefault(tag, []).append({
                "method": method.upper(), "path": path, "summary": str(op.get("summary", "")),
                "description": str(op.get("description", ""))})
    return render(request, "api/index.html", {
        "groups": sorted(groups.items()), "count": sum(len(v) for v in groups.values()),
        "docs": reverse("api:openapi-view"), "schema": reverse("api:openapi-json")})


class TokenForm(forms.Form):
    name = forms.CharField(label=_("用途"), max_length=100, required=False,
                           help_text=_("例如：省数据中心每日同步"))
    days = forms.IntegerField(label=_("有效天数"), min_value=1, max_value=3660,
                              initial=settings.API_TOKEN_DAYS,
                              help_text=_("1 至 3660 天；到期后令牌失效，须重新创建"))


def tokens(request: HttpRequest) -> HttpResponse:
    """The signed-in user's own tokens: create one (its key shown once), list, revoke."""
    form = TokenForm(request.POST if request.method == "POST" else None)
    key = ""
    if request.method == "POST" and form.is_valid():
        token, key = ApiToken.issue(request.user, form.cleaned_data["name"],
                                    days=form.cleaned_data["days"])
        messages.success(request, gettext("已创建令牌 %(p)s…，有效期至 %(d)s。") % {
            "p": token.prefix, "d": token.expires_at.strftime("%Y-%m-%d")})
        form = TokenForm()
    own = ApiToken.objects.filter(user_id=int(request.user.pk or 0)).order_by("-created")
    return render(request, "api/tokens.html", {"form": form, "tokens": own, "key": key})


@require_POST
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdraw one of one's own tokens (another user's is not found)."""
    token = get_object_or_404(ApiToken, pk=pk, user_id=int(request.user.pk or 0))
    token.revoke(gettext("用户在令牌页撤销"))
    messages.success(request, gettext("已撤销令牌 %(p)s…。") % {"p": token.prefix})
    return redirect("tokens:list")
