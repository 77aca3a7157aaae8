"""/api/v1/: the data endpoints answer 401 themselves, so they bypass the login redirect, and
read from the replica when there is one (xiezuo/core/dbrouter.py); the
OpenAPI document and its viewer take a signed-in user or a token (see ``_docs_access``)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.urls import URLPattern, URLResolver, path

from xiezuo.api import views
from xiezuo.api.api import api
from xiezuo.core.dbrouter import reads_from_replica

app_name = "api"
#: ninja's own root (a 404 for everyone) is replaced by the landing page listing the endpoints,
#: under its name (ninja finds its root path by it), behind the login redirect
_ROOT = "api-root"


def _exempt(patterns: list[Any]) -> list[Any]:
    """Data endpoints: no login redirect, and their reads (GET) from the replica."""
    for entry in patterns:
        if isinstance(entry, URLPattern) and entry.name != _ROOT:
            entry.callback = login_not_required(reads_from_replica(entry.callback))
        elif isinstance(entry, URLResolver):
            _exempt(entry.url_patterns)
    return patterns


def _names(patterns: list[Any]) -> set[str]:
    names: set[str] = set()
    for entry in patterns:
        if isinstance(entry, URLResolver):
            names |= _names(entry.url_patterns)
        elif entry.name:
            names.add(entry.name)
    return names


_patterns, _app, _namespace = api.urls
urlpatterns = [path("", views.index, name=_ROOT),
               *_exempt([p for p in _patterns if getattr(p, "name", None) != _ROOT])]

#: the URL names that answer 401 (not a login redirect) without a token: every data endpoint
TOKEN_ONLY: frozenset[str] = frozenset(
    f"{app_name}:{name}" for name in _names(urlpatterns)
    if name not in {_ROOT, "openapi-json", "openapi-view"})
