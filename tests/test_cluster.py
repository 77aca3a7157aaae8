"""Two app servers behind nginx (scripts/cluster): requests are answered by both, a login
made on one holds on the other, nginx serves the static files. The cluster runs on an
installation of its own (SQLite in a temporary folder), made like `xiezuo setup` does."""

from __future__ import annotations

import http.cookiejar
import os
import re
import shutil
import socket
import subprocess
import tempfile
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "cluster"
PASSWORD = "Cluster-Pass-2024"

def _nginx_available() -> bool:
    """nginx is there, or scripts/cluster can install it (apt-get, as root or with sudo)."""
    if shutil.which("nginx") or Path("/usr/sbin/nginx").exists():
        return True
    return bool(shutil.which("apt-get")) and (os.geteuid() == 0 or bool(shutil.which("sudo")))


pytestmark = [
    pytest.mark.skipif(
        not _nginx_available(),
        reason="nginx is not installed and cannot be installed here (no apt-get, not root)"),
    # the cluster is an installation of its own on SQLite, whatever database the suite runs
    # on: the suite's SQLite run covers it, its PostgreSQL run would repeat it unchanged
    pytest.mark.skipif(bool(os.environ.get("XIEZUO_DATABASE_URL")),
                       reason="run once, in the suite's SQLite run (the cluster uses its own "
                              "SQLite installation)"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    folder = Path(tempfile.mkdtemp(prefix="xiezuo-cluster-"))
    env = {k: v for k, v in os.environ.items()
           if k not in {"XIEZUO_DATABASE_URL", "XIEZUO_REPLICA_URL", "XIEZUO_REDIS_URL",
                        "XIEZUO_TEST_DATABASE_NAME", "XIEZUO_MEDIA_ROOT", "XIEZUO_STATIC_ROOT"}}
    port = _free_port()
    env.update(XIEZUO_VAR_DIR=str(folder), XIEZUO_CLUSTER_PORT=str(port), XIEZUO_WORKERS="1",
               XIEZUO_THREADS="2")
    xiezuo = [shutil.which("xiezuo") or "xiezuo"]

    def run(*args: str) -> str:
        done = subprocess.run(list(args), env=env, cwd=ROOT, text=True, capture_output=True,
                              timeout=900)
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
        return done.stdout

    # `xiezuo setup` without the region registry. The static files (compressed: the longest
    # step) are collected while the database is made: they need no database.
    collect = subprocess.Popen([*xiezuo, "collectstatic", "--noinput", "-v", "0"], env=env,
                               cwd=ROOT, text=True, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    try:
        run(*xiezuo, "migrate", "-v", "0")
        run(*xiezuo, "shell", "-c",
            "from django.core.management import call_command; "
            "call_command('createcachetable'); "
            "from xiezuo.accounts.models import User; "
            f"User.objects.create_user('cluster', password={PASSWORD!r})")
        out, err = collect.communicate(timeout=900)
        assert collect.returncode == 0, out[-3000:] + err[-3000:]
        out = run(str(SCRIPT), "start", "2")
        assert f"127.0.0.1:{port}" in out
        yield f"http://127.0.0.1:{port}"
    finally:
        if collect.poll() is None:
            collect.kill()
            collect.communicate()
        subprocess.run([str(SCRIPT), "stop"], env=env, cwd=ROOT, timeout=120, check=False)
        shutil.rmtree(folder, ignore_errors=True)


def test_two_servers_answer_and_a_login_holds_across_them(cluster: str) -> None:
    jar = http.cookiejar.CookieJar()
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = browser.open(f"{cluster}/accounts/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token, page[:2000]
    form = urllib.parse.urlencode({"csrfmiddlewaretoken": token.group(1),
                                   "username": "cluster", "password": PASSWORD}).encode()
    signed_in = browser.open(urllib.request.Request(
        f"{cluster}/accounts/login/", data=form, headers={"Referer": f"{cluster}/"}))
    assert "/accounts/login/" not in signed_in.url, signed_in.read().decode()[:2000]
    servers: set[str] = set()
    for _ in range(8):
        response: Any = browser.open(f"{cluster}/")
        assert response.status == 200 and "/accounts/login/" not in response.url
        servers.add(response.headers["X-Upstream"])
    assert len(servers) == 2, servers  # both servers, the same signed-in person
    anonymous = urllib.request.build_opener().open(f"{cluster}/")
    assert "/accounts/login/" in anonymous.url  # the session, not the server, signs in


def test_nginx_serves_the_static_files(cluster: str) -> None:
    response = urllib.request.urlopen(f"{cluster}/static/core/xiezuo.css")
    assert response.status == 200 and "X-Upstream" not in response.headers
    assert response.headers["Cache-Control"] == "public" or "max-age" in str(
        response.headers.get_all("Cache-Control"))
