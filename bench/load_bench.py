"""Load test: 50 people of every role at once against gunicorn on loopback (see
docs/BENCHMARKS.md and docs/SCALE.md).

    XIEZUO_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/xiezuo_load \\
        uv run --frozen --group bench python bench/load_bench.py [--users 50] [--minutes 3]
        [--servers 1] [--workers 2]

The database must hold the demo (``xiezuo demo``; the national set too if wanted). The script
signs in one demo person per role (the sessions and an API token go in a temporary JSON file
for ``bench/locustfile.py``), creates the record the API clients change, starts ``--servers``
gunicorn servers (the configuration of ``xiezuo serve``, ``--workers`` each) on free loopback
ports, runs locust headless for ``--minutes`` with ``--users`` users spread over the servers,
and prints per endpoint the requests, p50/p95/p99 latency and failures, the total errors (the
client timeouts, 120 s, counted apart: on a shared machine they may be its load), and whether
any update was lost: the shared record's version must have grown by exactly the number of
changes the API clients were told were accepted, and every record the clerks saved by its form
by exactly the saves they were told were accepted, each save's notes in the record's audit log
and the last one in the record; and every import job the run made must have ended without
failing. The servers' error logs are kept in ``var/load-bench/``.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
IMPORT_MARKER = "负载测试·导入"
ROLES = {"county": "puge_entry", "prefecture": "linxia_reviewer", "province": "gansu_viewer",
         "donor": "jinan_admin"}


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xiezuo.settings")
    import django

    django.setup()


def prepare(work: Path, servers: list[str]) -> tuple[Path, int]:
    """The locust configuration: a session per role, an API token, records to change (20 by
    the form, 10 by imports, one by the API)."""
    from django.test import Client

    from xiezuo.accounts.models import User
    from xiezuo.api.models import ApiToken
    from xiezuo.consumption.models import Consumption
    from xiezuo.core.audit import Actor, acting_as

    sessions = {}
    for role, username in ROLES.items():
        client = Client()
        client.force_login(User.objects.get(username=username))
        sessions[role] = client.cookies["sessionid"].value
    clerk = User.objects.get(username=ROLES["county"])
    _token, key = ApiToken.issue(clerk, "load bench")
    mine = Consumption.objects.visible_to(clerk).order_by("id")
    records = list(mine.values_list("id", flat=True)[:30])
    if len(records) < 30:
        raise SystemExit("no consumption record in the county clerk's scope: load the demo")
    # the imports' records, told apart in the export (which has no record numbers) by notes
    Consumption.objects.filter(pk__in=records[20:]).update(notes=IMPORT_MARKER)
    shared = mine.first()
    assert shared is not None
    with acting_as(Actor(clerk.pk, clerk.username)):
        shared.pk = None
        shared._state.adding = True
        shared.notes = "负载测试：API 客户端共同修改的记录"
        shared.version = 1
        shared.save()
    from xiezuo.pairings.models import Pairing

    reviewer = User.objects.get(username=ROLES["prefecture"])
    pairing = Pairing.objects.visible_to(reviewer).filter(level="county").order_by("id")
    pairing = pairing.values_list("id", flat=True).first()  # a dashboard the reviewer may see
    config = {"servers": servers, "sessions": sessions, "token": key,
              "county_records": records[:20], "import_marker": IMPORT_MARKER,
              "notes_header": notes_header(sessions["county"]),
              "api_record": shared.pk, "pairing": pairing,
              "counts_file": str(work / "counts.json")}
    path = work / "config.json"
    path.write_text(json.dumps(config))
    return path, shared.pk


def notes_header(session: str) -> str:
    """The county export's notes column."""
    from django.test import Client

    from xiezuo.consumption.models import Consumption

    client = Client(HTTP_HOST="localhost")
    client.cookies["sessionid"] = session
    response = client.get("/consumption/export/csv/")
    header = next(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    notes = str(Consumption._meta.get_field("notes").verbose_name)
    if notes not in header:
        raise SystemExit(f"the export has no notes column: {header}")
    return notes


def versions(pks: list[int]) -> tuple[dict[int, int], int]:
    """The records' versions, and the audit chain's last position."""
    from xiezuo.consumption.models import Consumption
    from xiezuo.core.models import AuditEntry

    last = AuditEntry.objects.filter(seq__isnull=False).order_by("-seq").values_list(
        "seq", flat=True).first() or 0
    return dict(Consumption.objects.filter(pk__in=pks).values_list("pk", "version")), last


def lost_saves(before: dict[int, int], since: int, saves: dict[str, list[str]]) -> list[str]:
    """What the form saves lost: a record whose version did not grow by the saves accepted,
    an accepted save whose notes are not in the record's audit log, a record whose notes are
    not its last audited ones."""
    from django.contrib.contenttypes.models import ContentType

    from xiezuo.consumption.models import Consumption
    from xiezuo.core.models import AuditEntry

    after, _last = versions(list(before))
    kind = ContentType.objects.get_for_model(Consumption)
    problems = []
    for pk, version in before.items():
        accepted = saves.get(str(pk), [])
        if after[pk] - version != len(accepted):
            problems.append(f"record {pk}: {len(accepted)} saves accepted, version "
                            f"{version} -> {after[pk]}")
        written = [c["notes"][1] for c in AuditEntry.objects.filter(
            content_type=kind, object_id=str(pk), seq__gt=since).order_by("seq")
            .values_list("changes", flat=True) if "notes" in c]
        problems += [f"record {pk}: saved notes {n!r} not in its audit log"
                     for n in accepted if n not in written]
        notes = Consumption.objects.values_list("notes", flat=True).get(pk=pk)
        if written and notes != written[-1]:
            problems.append(f"record {pk}: notes {notes!r}, last audited {written[-1]!r}")
    return problems


def import_jobs(after: int) -> tuple[dict[str, int], int, list[str]]:
    """The imports' jobs after job ``after``: how many ended in each state, how many were
    refused because a record changed after their preview (another clerk's import confirmed
    in between: the refusal that keeps that change), and the messages of the other failed
    ones."""
    from django.db.models import Count

    from xiezuo.transfer.models import Kind, Status, TransferJob

    jobs = TransferJob.objects.filter(pk__gt=after, kind=Kind.IMPORT)
    states = dict(jobs.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    stale, failed = 0, []
    for errors, message in jobs.filter(status=Status.FAILED).values_list("errors", "message"):
        if errors and all(STALE_PREVIEW in e.get("message", "") for e in errors):
            stale += 1
        elif len(failed) < 5:
            failed.append(message)
    return states, stale, failed


#: the words of the confirmation's refusal of a record changed after the preview
STALE_PREVIEW = "在预览之后已被他人修改"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


Servers = list[tuple[subprocess.Popen[bytes], int]]


def start_servers(count: int, workers: int, static: Path, logs: Path) -> Servers:
    env = {**os.environ, "XIEZUO_STATIC_ROOT": str(static), "XIEZUO_API_RATE_LIMIT": "1000000",
           "DJANGO_SETTINGS_MODULE": "xiezuo.settings"}
    subprocess.run([sys.executable, "-m", "django", "collectstatic", "--noinput", "-v", "0"],
                   cwd=ROOT, env=env, check=True)
    started = []
    for n in range(count):
        port = free_port()
        proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "xiezuo.wsgi:application", "--config",
             "python:xiezuo.gunicorn_conf", "--bind", f"127.0.0.1:{port}", "--workers",
             str(workers), "--access-logfile", "/dev/null"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
            stderr=(logs / f"server-{n + 1}.log").open("w"))
        started.append((proc, port))
    for _proc, port in started:
        deadline = time.monotonic() + 90
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("gunicorn did not start") from None
                time.sleep(0.3)
    return started


def report(prefix: Path) -> tuple[int, int]:
    """Print the per-endpoint figures of locust's CSV; returns the failures and, of them,
    the client timeouts."""
    rows = list(csv.DictReader((prefix.parent / f"{prefix.name}_stats.csv").open()))
    print(f"{'endpoint':58} {'requests':>8} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
          f"{'fails':>5}")
    failures = 0
    for row in rows:
        name = row["Name"] if row["Name"] != "Aggregated" else "all"
        print(f"{(row['Type'] + ' ' + name)[:58]:58} {row['Request Count']:>8} "
              f"{row['50%']:>7} {row['95%']:>7} {row['99%']:>7} {row['Failure Count']:>5}")
        if row["Name"] == "Aggregated":
            failures = int(row["Failure Count"])
    errors = prefix.parent / f"{prefix.name}_failures.csv"
    timeouts = 0
    for row in csv.DictReader(errors.open()) if errors.exists() else []:
        print(f"  failed: {row['Method']} {row['Name']}: {row['Error'][:120]} "
              f"({row['Occurrences']}x)")
        if "Timeout" in row["Error"]:
            timeouts += int(row["Occurrences"])
    return failures, timeouts


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--minutes", type=float, default=3)
    parser.add_argument("--servers", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per server")
    parser.add_argument("--spawn-rate", type=float, default=5)
    args = parser.parse_args()
    setup()
    from django.db import connection

    from xiezuo.consumption.models import Consumption
    from xiezuo.transfer.models import TransferJob

    work = Path(tempfile.mkdtemp(prefix="load-bench-"))
    var = Path(os.environ.get("XIEZUO_VAR_DIR", ROOT / "var"))
    logs = var / "load-bench"  # the servers' error logs and locust's, kept after the run
    logs.mkdir(parents=True, exist_ok=True)
    servers: Servers = []
    try:
        # kept between runs: collecting the static files again is minutes on a busy machine
        servers = start_servers(args.servers, args.workers, var / "static-load-bench", logs)
        bases = [f"http://localhost:{port}" for _p, port in servers]
        config, record = prepare(work, bases)
        saved = json.loads(config.read_text())["county_records"]
        before, since = versions(saved)
        last_job = TransferJob.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        connection.close()
        print(f"python {platform.python_version()}; {os.cpu_count()} cores; {connection.vendor}; "
              f"{args.users} users, {args.minutes:g} min, {args.servers} server(s) x "
              f"{args.workers} workers; load {' '.join(f'{x:.1f}' for x in os.getloadavg())}",
              flush=True)
        prefix = work / "locust"
        subprocess.run(
            [sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py"),
             "--headless", "--users", str(args.users), "--spawn-rate", str(args.spawn_rate),
             "--run-time", f"{int(args.minutes * 60)}s", "--stop-timeout", "30",
             "--host", bases[0], "--csv", str(prefix), "--only-summary", "--loglevel",
             "WARNING"],
            env={**os.environ, "XIEZUO_LOAD_CONFIG": str(config)}, check=False,
            stdout=subprocess.DEVNULL, stderr=(logs / "locust.log").open("w"))
        failures, timeouts = report(prefix)
        counts = json.loads((work / "counts.json").read_text())
        version = Consumption.objects.get(pk=record).version
        lost = 1 + counts["count"] - version
        problems = lost_saves(before, since, counts["saves"])
        for problem in problems:
            print(f"  LOST: {problem}")
        states, stale_imports, failed = import_jobs(last_job)
        for message in failed:
            print(f"  import failed: {message[:160]}")
        print(f"errors: {failures} (client timeouts among them: {timeouts}); "
              f"API changes accepted {counts['count']}, refused as stale and retried "
              f"{counts['stale']}; record version {version}: "
              f"{'0 lost updates' if lost == 0 else f'{lost} LOST UPDATES'}")
        print(f"form saves accepted {sum(len(v) for v in counts['saves'].values())} on "
              f"{len(counts['saves'])} records, refused as stale {counts['form_stale']}: "
              f"{'0 lost' if not problems else f'{len(problems)} LOST'}; imports confirmed "
              f"{counts['imports']} (the jobs: {states}; of the failed, refused because "
              f"another import changed a record after their preview: {stale_imports}); load after "
              f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}; server logs in {logs}")
        Consumption.objects.filter(pk=record).delete()
        if lost or problems or failed:
            sys.exit(1)
    finally:
        for proc, _port in servers:
            proc.terminate()
            proc.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
