"""Production settings: a strict Content-Security-Policy (no inline script or style), HSTS
and the HTTPS redirect on by default, secure cookies, Referrer-Policy and
Permissions-Policy; and no template that the policy would break."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

PRINT = """
import json, xiezuo.settings as s
d = s.CONTENT_SECURITY_POLICY["DIRECTIVES"]
print(json.dumps({"hsts": s.SECURE_HSTS_SECONDS, "redirect": s.SECURE_SSL_REDIRECT,
  "session_secure": s.SESSION_COOKIE_SECURE, "csrf_secure": s.CSRF_COOKIE_SECURE,
  "referrer": s.SECURE_REFERRER_POLICY, "permissions": s.PERMISSIONS_POLICY,
  "proxy_ssl": list(s.SECURE_PROXY_SSL_HEADER), "csp": d,
  "idle": s.SESSION_IDLE_TIMEOUT, "middleware": s.MIDDLEWARE}))
"""


def _production(tmp_path, **extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("XIEZUO_")}
    env.update({"XIEZUO_PRODUCTION": "1", "XIEZUO_SECRET_KEY": "k3J9x" * 10,
                "XIEZUO_VAR_DIR": str(tmp_path), "XIEZUO_ALLOWED_HOSTS": "xiezuo.example.cn",
                **extra})
    r = subprocess.run([sys.executable, "-c", PRINT], env=env, capture_output=True, text=True,
                       check=False)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def test_production_turns_on_https_and_the_headers_by_default(tmp_path) -> None:
    s = _production(tmp_path)
    assert s["hsts"] >= 365 * 24 * 3600 and s["redirect"] is True
    assert s["session_secure"] and s["csrf_secure"]
    assert s["proxy_ssl"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert s["referrer"] in {"same-origin", "strict-origin-when-cross-origin", "no-referrer"}
    assert "camera=()" in s["permissions"] and "geolocation=()" in s["permissions"]
    assert "csp.middleware.CSPMiddleware" in s["middleware"]
    assert s["idle"] == 30 * 60


def test_the_policy_allows_no_inline_script_or_style(tmp_path) -> None:
    csp = _production(tmp_path)["csp"]
    for directive in ("default-src", "script-src", "style-src"):
        assert csp[directive] == ["'self'"], directive
    flat = json.dumps(csp)
    assert "unsafe-inline" not in flat and "unsafe-eval" not in flat and "*" not in flat
    assert csp["object-src"] == ["'none'"] and csp["frame-ancestors"] == ["'none'"]


@pytest.mark.django_db
def test_every_response_carries_the_headers(login) -> None:
    for client, url in ((login("puge_entry"), reverse("core:home")),
                        (login("puge_entry"), reverse("pairings:map")),
                        (None, reverse("accounts:login"))):
        if client is None:
            from django.test import Client
            client = Client()
        r = client.get(url)
        policy = r["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy
        assert r["Referrer-Policy"] == "same-origin"
        assert "camera=()" in r["Permissions-Policy"]
        assert r["X-Frame-Options"] == "DENY"


#: rendered for WeasyPrint into PDF files, never served to a browser
PDF_TEMPLATES = {"report_pdf.html"}
INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I),
     "an inline <script>"),
    (re.compile(r"<style\b", re.I), "a <style> element"),
    (re.compile(r"\sstyle\s*=", re.I), "a style attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "an inline event handler"),
    (re.compile(r"javascript:", re.I), "a javascript: URL"),
]


def test_no_template_has_inline_script_or_style() -> None:
    root = Path(__file__).resolve().parents[2]
    found = []
    for path in root.glob("*/templates/**/*.html"):
        if path.name in PDF_TEMPLATES:
            continue
        text = path.read_text(encoding="utf-8")
        for pattern, what in INLINE:
            for m in pattern.finditer(text):
                found.append(f"{path.relative_to(root)}: {what}: {m.group(0)[:60]}")
    assert not found, "\n".join(found)
