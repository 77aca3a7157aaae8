"""xiezuo apitoken USERNAME [--name N]: issue an API token and print its key once."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from xiezuo.api.models import ApiToken


class Command(BaseCommand):
    help = "Issue an API token for a user and print the key (it is shown only once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="what the token is for")

    def handle(self, *args: Any, **options: Any) -> None:
        User = get_user_model()
        try:
            user = User.objects.get(username=options["username"])
        except User.DoesNotExist as exc:
            raise CommandError(f"no such user: {options['username']}") from exc
        if not user.is_active:
            raise CommandError(f"user {user.username} is inactive")
        _token, key = ApiToken.issue(user, options["name"])
        self.stdout.write(key)
