"""The API's rate-limit count (``xiezuo.api.api.hit``, once per request) in each cache, side by
side in one run (see docs/BENCHMARKS.md).

    XIEZUO_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/xiezuo_bench \\
        uv run --frozen python bench/rate_bench.py [--count 500] [--redis redis://127.0.0.1:6379/0]

Counts ``--count`` requests of one token in the database cache (what every request cost before
the cache settings changed: an add and an increment in the cache table, which also counts its
rows to cull them), in the local-memory cache (the default without Redis) and in Redis; prints
microseconds a request and the database queries each made.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--redis", default=os.environ.get("XIEZUO_REDIS_URL")
                        or "redis://127.0.0.1:6379/0")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xiezuo.settings")
    import django

    django.setup()
    from django.core.cache import caches
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, override_settings

    from xiezuo.api import api

    call_command("createcachetable", verbosity=0)
    backends = {
        "database cache (before)": {"BACKEND": "django.core.cache.backends.db.DatabaseCache",
                                    "LOCATION": "xiezuo_cache"},
        "local memory (default)": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "Redis": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                  "LOCATION": args.redis, "KEY_PREFIX": "rate-bench"},
    }
    print(f"database: {connection.vendor}; python {platform.python_version()}; "
          f"{os.cpu_count()} cores; load {os.getloadavg()[0]:.1f}; {args.count} requests")
    for name, config in backends.items():
        with override_settings(CACHES={"default": config}):
            handler: object = caches
            handler._settings = None  # type: ignore[attr-defined]
            if hasattr(handler._connections, "default"):  # type: ignore[attr-defined]
                delattr(handler._connections, "default")  # type: ignore[attr-defined]
            key = f"api-rate:bench:{time.time_ns()}"
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                for _ in range(args.count):
                    api.hit(key, 65)
                took = time.perf_counter() - start
            writes = sum(q["sql"].split()[0] in ("INSERT", "UPDATE", "DELETE")
                         for q in queries.captured_queries)
            print(f"{name:26}: {took / args.count * 1e6:8.0f} µs a request, "
                  f"{len(queries) / args.count:.1f} queries ({writes / args.count:.1f} writes)")
            caches["default"].delete(key)
    print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
