"""The national dataset's build (``xiezuo demo --scale …``): where its time goes (see
docs/BENCHMARKS.md, "The national build").

    uv run python bench/national_bench.py --scale 0.1 \\
        --database postgresql://postgres@127.0.0.1:5432/xiezuo_national_bench
    uv run python bench/national_bench.py --scale 0.1 --database … --against ../base
    uv run python bench/national_bench.py --scale 0.01           # SQLite in a temporary folder

Prepares a database (PostgreSQL: the one the URL names, dropped and created again; SQLite: a
temporary file): migrated, the region registry and the normal demo loaded (for a fixed day).
Then it builds the national dataset (``national.build``) and prints each phase's wall time and
the CPU time of this process, the totals, the CPU time of the database server's process for
the connection (when the server runs on this machine: ``/proc``), and the rows' digest.

``--against DIR``: the same build with the code of another checkout of the repository (a
commit before a change), on a copy of the same prepared database, run first, so both figures
come from one run side by side. The machine's load average is printed before and after: it
is shared, so the figures are lower bounds.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TODAY = "2024-12-01"


def load() -> str:
    return "load average " + " ".join(f"{x:.1f}" for x in os.getloadavg())


def server_cpu(pid: int | None) -> float | None:
    """CPU seconds of the server process serving the connection, if it runs here."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError, TypeError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def connect(url: str | None, var_dir: str) -> None:
    os.environ["XIEZUO_VAR_DIR"] = var_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xiezuo.settings")
    if url:
        os.environ["XIEZUO_DATABASE_URL"] = url
    else:
        os.environ.pop("XIEZUO_DATABASE_URL", None)
    import django

    django.setup()


def prepare(url: str | None, var_dir: str) -> None:
    """A fresh database: migrated, the registry and the normal demo loaded."""
    if url:
        import psycopg

        base, name = url.rsplit("/", 1)
        with psycopg.connect(base + "/postgres", autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name}")
            conn.execute(f"CREATE DATABASE {name}")
    connect(url, var_dir)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("regions", "load", verbosity=0)
    call_command("demo", "--today", TODAY, stdout=open(os.devnull, "w"))


def copy_of(url: str, suffix: str) -> str:
    import psycopg
    from django.db import connections

    connections.close_all()  # a database is copied with no one connected to it

    base, name = url.rsplit("/", 1)
    with psycopg.connect(base + "/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}{suffix}")
        conn.execute(f"CREATE DATABASE {name}{suffix} TEMPLATE {name}")
    return f"{base}/{name}{suffix}"


def build(scale: float) -> None:
    """Build the national dataset in the configured database and print the figures."""
    import inspect

    from django.db import connection

    from xiezuo.core import national
    from xiezuo.core.audit import Actor, acting_as

    connection.ensure_connection()
    pid = connection.connection.info.backend_pid if connection.vendor == "postgresql" else None
    server = server_cpu(pid)
    print(f"  {load()}")
    options: dict[str, Any] = {}
    if "progress" in inspect.signature(national.build).parameters:
        options["progress"] = lambda line: print(f"  {line}", flush=True)
    wall, cpu = time.perf_counter(), time.process_time()
    with acting_as(Actor(None, "demo")):
        written = national.build(scale, **options)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    after = server_cpu(pid)
    served = ""
    if server is not None and after is not None:
        served = f", database server CPU {after - server:.1f} s"
    print(f"  rows {written}")
    print(f"  national build: {wall:.1f} s wall, Python CPU {cpu:.1f} s{served}")
    print(f"  {load()}")
    print(f"  digest {national.fingerprint()[:16]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=0.1)
    parser.add_argument("--database", default=None, help="a PostgreSQL URL (default: SQLite)")
    parser.add_argument("--against", default=None,
                        help="another checkout whose build runs first, on a copy")
    parser.add_argument("--only-build", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    var_dir = tempfile.mkdtemp(prefix="xiezuo-national-")
    if args.only_build:  # the child run of --against: its code first on the path
        sys.path.insert(0, os.getcwd())
        connect(args.database, var_dir)
        build(args.scale)
        return
    sys.path.insert(0, str(ROOT))
    print(f"national build at scale {args.scale:g} on "
          f"{'PostgreSQL' if args.database else 'SQLite'}; {load()}", flush=True)
    started = time.perf_counter()
    if args.against and not args.database:
        parser.error("--against needs --database (PostgreSQL)")
    prepare(args.database, var_dir)
    print(f"prepared in {time.perf_counter() - started:.0f} s", flush=True)
    if args.against:
        other = copy_of(args.database, "_against")
        print(f"{args.against}:", flush=True)
        subprocess.run([sys.executable, str(Path(__file__).resolve()), "--only-build",
                        "--scale", str(args.scale), "--database", other],
                       cwd=args.against, env={**os.environ, "PYTHONPATH": args.against},
                       check=True)
    print("this checkout:", flush=True)
    build(args.scale)


if __name__ == "__main__":
    main()
