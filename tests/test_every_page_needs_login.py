"""No page or endpoint is public by accident: every URL asks an anonymous visitor to log in,
except the few that must not."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from xiezuo.api.urls import TOKEN_ONLY  # answer 401 without a token (xiezuo/api/tests)

PUBLIC = {"accounts:login", "set_language", "favicon"} | TOKEN_ONLY  # the icon: any page
SAMPLE = {"int": "1", "str": "370100", "path": "x", "slug": "x"}


def _patterns(resolver: URLResolver, prefix: str = "", namespace: str = ""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            if ns == "admin":
                continue  # the admin site has its own login
            yield from _patterns(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            yield name, prefix + str(entry.pattern), entry.pattern.converters


def _url(route: str, converters) -> str:
    import re

    def fill(match: re.Match) -> str:
        kind = match.group(1) or "str"
        return SAMPLE.get(kind, "1")

    return "/" + re.sub(r"<(?:(\w+):)?\w+>", fill, route).lstrip("^").rstrip("$")


PAGES = sorted({(name, _url(route, conv)) for name, route, conv in _patterns(get_resolver())
                if name not in PUBLIC})


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "url"), PAGES, ids=[n or u for n, u in PAGES])
def test_it_asks_anonymous_visitors_to_log_in(client, name, url) -> None:
    for method in (client.get, client.post):
        response = method(url)
        assert response.status_code == 302, (name, url, response.status_code)
        assert response["Location"].startswith("/accounts/login/")


def test_the_list_is_not_empty() -> None:
    assert len(PAGES) > 20
