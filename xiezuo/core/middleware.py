from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext as _

from xiezuo.core.audit import acting_as


class ActorMiddleware:
    """Every change made while handling a request is recorded against its user."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with acting_as(getattr(request, "user", None)):
            return self.get_response(request)


class PermissionsPolicyMiddleware:
    """Sends ``Permissions-Policy`` (settings.PERMISSIONS_POLICY) with every response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.conf import settings

        response = self.get_response(request)
        policy = getattr(settings, "PERMISSIONS_POLICY", "")
        if policy:
            response.headers.setdefault("Permissions-Policy", policy)
        return response


class NulRefusalMiddleware:
    """A NUL character in the address's parameters or in a form's fields answers 400.

    No text the platform keeps holds one, PostgreSQL can neither store nor compare one, and
    only a broken or hostile client sends one. Uploaded files are not looked at: a file may
    hold anything, and what reads it says what it found. (The API's JSON bodies are checked
    where they are parsed, ``xiezuo.api.writes``.)"""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        for params in [request.GET] + ([request.POST] if request.method == "POST" else []):
            for key, values in params.lists():
                if "\x00" in key or any("\x00" in v for v in values):
                    return HttpResponseBadRequest(
                        _("请求的参数含有空字符（NUL），无法处理。").encode(),
                        content_type="text/plain; charset=utf-8")
        return self.get_response(request)
