"""The site's addresses: every app of the platform under its own name (``/funds/``,
``/people/``…), the API under ``/api/v1/``. An app's ``urls.py`` lists its pages and its
ledgers' (``ledger_urls``); an app that declares ledgers and nothing else needs no
``urls.py`` at all: its ledgers' pages are mounted from their declarations."""

import importlib

from django.apps import apps
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from xiezuo.core import views as core_views
from xiezuo.ledgers.declare import declared_ledgers, ledger_urls

#: apps whose addresses are not their name
PREFIXES = {"core": "", "api": "api/v1/"}


def _apps() -> list[object]:
    patterns: list[object] = []
    with_ledgers = {ledger.app_label() for ledger in declared_ledgers().values()}
    for config in apps.get_app_configs():
        if not config.name.startswith("xiezuo.") and config.label not in with_ledgers:
            continue  # Django's own apps; an installation's ledger app is mounted too
        prefix = PREFIXES.get(config.label, f"{config.label}/")
        try:
            importlib.import_module(f"{config.name}.urls")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.urls":
                raise
            if config.label in with_ledgers:
                patterns.append(path(prefix, include((ledger_urls(config.label),
                                                      config.label))))
            continue
        patterns.append(path(prefix, include(f"{config.name}.urls")))
    return patterns


urlpatterns = [
    *_apps(),
    path("i18n/setlang/", core_views.login_free(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    path("tokens/", include("xiezuo.api.token_urls")),
    # what a browser asks for on a page without an icon link (the admin's): the static icon
    path("favicon.ico", core_views.favicon, name="favicon"),
]

handler403 = "xiezuo.core.views.forbidden"
handler404 = "xiezuo.core.views.not_found"
handler500 = "xiezuo.core.views.server_error"
