"""Create a user in an office with a role (the password is asked for, never echoed)."""

from __future__ import annotations

import getpass
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from xiezuo.accounts.models import Office, User
from xiezuo.core.audit import Actor, acting_as
from xiezuo.core.scoping import Role


class Command(BaseCommand):
    help = "Create a user: createuser USERNAME --office NAME --role ROLE"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("username")
        parser.add_argument("--office", required=True, help="office name (see the admin)")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--full-name", default="")
        parser.add_argument("--personal-data", action="store_true",
                            help="may see full ID numbers and phone numbers")

    def handle(self, *args: Any, **options: Any) -> None:
        office = Office.objects.filter(name=options["office"]).first()
        if office is None:
            raise CommandError(f"no office named {options['office']!r}")
        if User.objects.filter(username=options["username"]).exists():
            raise CommandError(f"user {options['username']!r} exists already")
        user = User(username=options["username"], full_name=options["full_name"], office=office,
                    role=options["role"], may_see_personal_data=options["personal_data"],
                    is_staff=options["role"] == Role.NATIONAL_ADMIN)
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password (again): "):
            raise CommandError("the passwords differ")
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        user.set_password(password)
        with acting_as(Actor(None, "createuser")):
            user.save()
        done = f"created {user.username} ({user.get_role_display()})"
        self.stdout.write(self.style.SUCCESS(done))
