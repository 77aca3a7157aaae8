"""The ``xiezuo`` command: every operational task (Django management commands).

    xiezuo setup            migrate, load the region registry, prepare static files
    xiezuo demo             load the demo offices, users and pairings
    xiezuo serve            run the web server
    xiezuo regions ...      the administrative-division registry
    xiezuo createuser ...   create a user in an office with a role
    xiezuo help             every command
"""

from __future__ import annotations

import os
import sys

READER_ACTIONS = ("clean", "extract", "evaluate", "dedup")  # = xiezuo.news.cli.ACTIONS


def main() -> None:
    if sys.argv[1:2] == ["news"] and sys.argv[2:3] and sys.argv[2] in READER_ACTIONS:
        # the report reader's file actions need no database: they start without Django
        from xiezuo.news.cli import main as news

        sys.exit(news(sys.argv[2:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xiezuo.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv)
    argv[0] = "xiezuo"
    if len(argv) == 1:
        argv.append("help")
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
