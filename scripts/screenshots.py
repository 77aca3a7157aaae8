"""The README's screenshots: sets up a throwaway SQLite database with the demo data, serves
it on a free loopback port, and photographs the main pages in the Chinese interface at an
office screen (1366×768) and a phone (390×844) into docs/screenshots/.

    scripts/screenshots            # every page
    scripts/screenshots home map   # only these (names as in PAGES)
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
PASSWORD = "xiezuo-demo-2026"
SIZES = {"desktop": (1366, 768), "phone": (390, 844)}

#: name → (user, path or a function of the page finding it, sizes, a selector to wait for)
PAGES: list[tuple[str, str, str, tuple[str, ...], str]] = [
    ("home", "linxiashi_entry", "/", ("desktop", "phone"), "main"),
    ("dashboard", "linxia_reviewer", "/indicators/dashboard/", ("desktop", "phone"),
     "#chart-years canvas"),
    ("pairing-map", "national", "/pairings/map/", ("desktop",), "canvas"),
    ("project", "linxiashi_entry", "first:/projects/", ("desktop", "phone"), "main"),
    ("reporting", "linxia_reviewer", "first:/reporting/", ("desktop", "phone"),
     "#completeness"),
    ("situation-report", "gansu_approver", "/situation/", ("desktop",), "main"),
    ("funds-overview", "jinan_admin", "/funds/overview/", ("desktop", "phone"), "main"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def run(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "-m", "xiezuo.cli", *args], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)


def wait_for(url: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=5).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def sign_in(browser: Any, base: str, username: str) -> Any:
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")
    state = context.storage_state()
    context.close()
    return state


def resolve(browser: Any, base: str, state: Any, path: str) -> str:
    """``first:/list/`` → the first row's page of that list."""
    if not path.startswith("first:"):
        return path
    context = browser.new_context(storage_state=state, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{base}{path[6:]}")
    href: str = page.eval_on_selector("main table tbody a", "a => a.getAttribute('href')")
    context.close()
    return href


def shoot(browser: Any, base: str, names: set[str]) -> list[Path]:
    sessions: dict[str, Any] = {}
    made: list[Path] = []
    for name, user, path, sizes, ready in PAGES:
        if names and name not in names:
            continue
        if user not in sessions:
            sessions[user] = sign_in(browser, base, user)
        target = resolve(browser, base, sessions[user], path)
        for size in sizes:
            width, height = SIZES[size]
            context = browser.new_context(
                viewport={"width": width, "height": height}, locale="zh-CN",
                device_scale_factor=1, storage_state=sessions[user])
            page = context.new_page()
            page.goto(f"{base}{target}")
            page.wait_for_selector(ready)
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(800)  # the charts' entry animation
            file = OUT / f"{name}.png" if size == "desktop" else OUT / f"{name}-{size}.png"
            page.screenshot(path=str(file))
            made.append(file)
            context.close()
    return made


def main() -> None:
    from playwright.sync_api import sync_playwright

    names = set(sys.argv[1:])
    OUT.mkdir(parents=True, exist_ok=True)
    var = Path(tempfile.mkdtemp(prefix="xiezuo-screenshots-"))
    env = {k: v for k, v in os.environ.items() if k != "XIEZUO_DATABASE_URL"}  # SQLite
    env.update({"XIEZUO_VAR_DIR": str(var), "XIEZUO_DEMO": "1", "XIEZUO_PRODUCTION": "0"})
    server = None
    try:
        print("setting up the demo database …", flush=True)
        run(env, "setup")
        run(env, "demo")
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "xiezuo.cli", "serve", "--bind", f"127.0.0.1:{port}",
             "--workers", "2"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        wait_for(f"{base}/accounts/login/")
        executable = shutil.which("chromium") or "/usr/bin/chromium"
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=executable,
                                         args=["--headless", "--no-sandbox", "--disable-gpu"])
            for file in shoot(browser, base, names):
                print(f"  {file.relative_to(ROOT)}  {file.stat().st_size // 1024} KB")
            browser.close()
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(var, ignore_errors=True)


if __name__ == "__main__":
    main()
