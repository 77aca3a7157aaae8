"""Ledger list pages (and the API list) under concurrent clients, before and after a change,
side by side in one run (see docs/BENCHMARKS.md).

    XIEZUO_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/xiezuo_bench \\
        uv run --frozen python bench/indicators_bench.py --scale 0.1 --build-only
    XIEZUO_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/xiezuo_bench \\
        uv run --frozen python bench/list_bench.py --before 3ab9b4b [--clients 32] [--seconds 30]
        [--what pages|api|all]

The database is the national dataset of ``bench/indicators_bench.py`` (about 1,130 pairings;
at ``--scale 0.1`` 10^5 fund movements). For each side — the code of the ``--before`` commit
(``git archive`` into a temporary directory; nothing of the checkout is touched) and the
working tree — the script collects the static files, starts gunicorn (``--workers``, the
configuration of ``xiezuo serve``) on a free loopback port, signs in the national
administrator (who sees every pairing), and lets ``--clients`` threads request the pages in
turn for ``--seconds`` after a warm-up: the fund ledger's first page, its 20th page and the list
filtered by a pairing (``--what pages``), or the API's list of fund movements (``--what api``),
or all four. With ``XIEZUO_REDIS_URL`` set, the working tree's servers keep their cache (the
API's rate limit) in that Redis; the code before keeps it where it did. Each side runs
``--rounds`` times, alternately, under the same load; the script prints requests a second,
median and p99 latency (of all requests, and of each request) and errors per side and round,
and the load average.
"""

from __future__ import annotations

import argparse
import http.client
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xiezuo.settings")
    import django

    django.setup()


def credentials() -> tuple[str, str, str]:
    """A session cookie and an API token of the national administrator, and a pairing id."""
    from django.test import Client

    from xiezuo.accounts.models import User
    from xiezuo.api.models import ApiToken
    from xiezuo.funds.models import FundMovement

    user = User.objects.get(username="national")
    client = Client()
    client.force_login(user)
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    _token, key = ApiToken.issue(user, "list bench")
    pairing = FundMovement.objects.order_by("id").values_list("pairing_id", flat=True)[0]
    return cookie, key, str(pairing)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def checkout(rev: str, into: Path) -> Path:
    """The tree of ``rev`` (without .git) in ``into``."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev], check=True,
                             capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def migrate_as(code: Path) -> None:
    """Bring the database to the migrations of ``code``: the working tree's own, or back to
    the last migration of each app in the ``--before`` tree (an index added since is dropped,
    so the code before runs on the database it had)."""
    from django.core.management import call_command

    if code == ROOT:
        call_command("migrate", verbosity=0)
        return
    for folder in sorted(code.glob("xiezuo/*/migrations")):
        last = max((p.stem for p in folder.glob("0*.py")), default=None)
        mine = max((p.stem for p in (ROOT / folder.relative_to(code)).glob("0*.py")),
                   default=None)
        if last is not None and mine is not None and mine != last:
            call_command("migrate", folder.parent.name, last, verbosity=0)


class Server:
    """gunicorn serving the code in ``code`` on a free port."""

    def __init__(self, code: Path, workers: int, static: Path) -> None:
        self.code, self.workers, self.static = code, workers, static
        self.port = free_port()
        self.env = {**os.environ, "XIEZUO_STATIC_ROOT": str(static), "PYTHONPATH": str(code),
                    # one secret key (under var/) for both sides: the session signs in
                    "XIEZUO_VAR_DIR": os.environ.get("XIEZUO_VAR_DIR", str(ROOT / "var")),
                    "XIEZUO_API_RATE_LIMIT": "1000000", "DJANGO_SETTINGS_MODULE":
                    "xiezuo.settings"}
        self.proc: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Server:
        subprocess.run([sys.executable, "-m", "django", "collectstatic", "--noinput",
                        "-v", "0"], cwd=self.code, env=self.env, check=True)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "xiezuo.wsgi:application", "--config",
             "python:xiezuo.gunicorn_conf", "--bind", f"127.0.0.1:{self.port}", "--workers",
             str(self.workers), "--access-logfile", "/dev/null"],
            cwd=self.code, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return self
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("gunicorn did not start")

    def __exit__(self, *exc: Any) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(timeout=30)


def get(port: int, path: str, headers: dict[str, str]) -> tuple[int, float]:
    start = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        conn.request("GET", path, headers={"Host": "localhost", **headers})
        response = conn.getresponse()
        response.read()
        status = response.status
    except OSError:
        status = 0
    finally:
        conn.close()
    return status, time.perf_counter() - start


def load(port: int, targets: list[tuple[str, dict[str, str]]], clients: int,
         seconds: float) -> dict[str, Any]:
    for path, headers in targets:  # warm every worker's caches and connections
        for _ in range(2):
            status, _t = get(port, path, headers)
            if status != 200:
                raise RuntimeError(f"{path}: {status}")
    times: list[float] = []
    each: dict[str, list[float]] = {path: [] for path, _h in targets}
    errors = [0]
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client(n: int) -> None:
        i = n
        while time.monotonic() < stop:
            path, headers = targets[i % len(targets)]
            i += 1
            status, took = get(port, path, headers)
            with lock:
                times.append(took)
                each[path].append(took)
                if status != 200:
                    errors[0] += 1

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.monotonic() - started
    return {"requests": len(times), "rps": len(times) / wall,
            "median": statistics.median(times) if times else 0.0, "p99": p99(times),
            "each": {path: p99(took) for path, took in each.items()}, "errors": errors[0]}


def p99(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))] if ordered else 0.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--before", required=True, help="the commit to compare with")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--what", choices=["pages", "api", "all"], default="pages",
                        help="the list pages, the API's list of fund movements, or both")
    args = parser.parse_args()
    if not os.environ.get("XIEZUO_DATABASE_URL", "").startswith("postgres"):
        sys.exit("set XIEZUO_DATABASE_URL to the PostgreSQL database of indicators_bench")
    setup()
    cookie, token, pairing = credentials()
    page = {"Cookie": cookie}
    targets: list[tuple[str, dict[str, str]]] = []
    if args.what in ("pages", "all"):
        targets += [("/funds/", page), ("/funds/?page=20", page),
                    (f"/funds/?pairing={pairing}", page)]
    if args.what in ("api", "all"):
        targets.append(("/api/v1/ledgers/funds/", {"Authorization": f"Bearer {token}"}))
    print(f"python {platform.python_version()}; {os.cpu_count()} cores; {args.clients} clients, "
          f"{args.seconds:g} s a round, {args.workers} gunicorn workers; PostgreSQL; "
          f"load {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print("requests: " + ", ".join(p for p, _h in targets))
    work = Path(tempfile.mkdtemp(prefix="list-bench-"))
    try:
        (work / "before").mkdir()
        sides = {"before": checkout(args.before, work / "before"), "after": ROOT}
        results: dict[str, list[dict[str, Any]]] = {name: [] for name in sides}
        for n in range(args.rounds):
            for name, code in sides.items():
                migrate_as(code)
                with Server(code, args.workers, work / f"static-{name}") as server:
                    r = load(server.port, targets, args.clients, args.seconds)
                results[name].append(r)
                print(f"round {n + 1} {name:6}: {r['rps']:7.1f} req/s  median "
                      f"{r['median'] * 1000:7.0f} ms  p99 {r['p99'] * 1000:7.0f} ms  "
                      f"{r['requests']} requests, {r['errors']} errors; "
                      f"load {os.getloadavg()[0]:.1f}", flush=True)
                print("    p99 by request: " + ", ".join(
                    f"{path} {took * 1000:.0f} ms" for path, took in r["each"].items()))
        print("side by side (best round):")
        for name, rs in results.items():
            best = max(rs, key=lambda r: r["rps"])
            print(f"  {name:6}: {best['rps']:7.1f} req/s, p99 {best['p99'] * 1000:.0f} ms")
        ratio = (max(r["rps"] for r in results["after"])
                 / max(0.001, max(r["rps"] for r in results["before"])))
        print(f"  after / before throughput: {ratio:.1f}x")
    finally:
        migrate_as(ROOT)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
