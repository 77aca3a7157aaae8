"""xiezuo apitoken USERNAME [--name N] [--days D]: issue an API token and print its key once;
xiezuo apitoken USERNAME --revoke PREFIX: withdraw a token (both audited)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from xiezuo.api.models import ApiToken


class Command(BaseCommand):
    help = "Issue an API token for a user and print the key (it is shown only once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="what the token is for")
        parser.add_argument("--days", type=int, default=settings.API_TOKEN_DAYS,
                            help="days the token stays valid (default %(default)s)")
        parser.add_argument("--revoke", metavar="PREFIX",
                            help="withdraw the user's token whose key starts with PREFIX "
                                 "(--revoke=PREFIX when PREFIX starts with -)")

    def handle(self, *args: Any, **options: Any) -> None:
        User = get_user_model()
        try:
            user = User.objects.get(username=options["username"])
        except User.DoesNotExist as exc:
            raise CommandError(f"no such user: {options['username']}") from exc
        if options["revoke"]:
            tokens = list(ApiToken.objects.filter(user=user, prefix=options["revoke"][:8]))
            if len(tokens) != 1:
                raise CommandError(f"no single token of {user.username} starts with "
                                   f"{options['revoke']!r}")
            tokens[0].revoke()
            self.stderr.write(f"revoked {tokens[0].prefix}…")
            return
        if not user.is_active:
            raise CommandError(f"user {user.username} is inactive")
        if not 1 <= options["days"] <= 3660:
            raise CommandError("--days must be between 1 and 3660")
        token, key = ApiToken.issue(user, options["name"], days=options["days"])
        self.stdout.write(key)
        self.stderr.write(f"valid until {token.expires_at:%Y-%m-%d %H:%M %Z}")
