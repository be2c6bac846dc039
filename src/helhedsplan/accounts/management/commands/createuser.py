from __future__ import annotations

import getpass
import sys

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from helhedsplan.accounts import services
from helhedsplan.accounts.models import Organisation, Role
from helhedsplan.programmes.models import Programme


class Command(BaseCommand):
    help = "Create a user with a role in a programme (or a superuser with --superuser)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", choices=[role.value for role in Role])
        parser.add_argument("--programme", help="the programme's name")
        parser.add_argument(
            "--estate", action="append", default=[], help="limit the role to this estate"
        )
        parser.add_argument(
            "--organisation",
            choices=[organisation.value for organisation in Organisation],
            default="",
            help="a partner's organisation (required for --role partner, refused for others)",
        )
        parser.add_argument("--superuser", action="store_true")
        parser.add_argument("--email", default="")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument(
            "--password-stdin", action="store_true", help="read the password from standard input"
        )

    def handle(self, *args, **options) -> None:
        if not options["superuser"] and not (options["role"] and options["programme"]):
            raise CommandError("Give --role and --programme, or --superuser.")
        if (options["role"] == Role.PARTNER) != bool(options["organisation"]):
            raise CommandError("Give --organisation with --role partner, and only then.")
        if get_user_model().objects.filter(username__iexact=options["username"]).exists():
            raise CommandError(f"The username {options['username']!r} is taken.")
        programme = None
        if options["programme"]:
            programme = Programme.objects.filter(name=options["programme"]).first()
            if programme is None:
                raise CommandError(f"No programme is called {options['programme']!r}.")
        estates = []
        for name in options["estate"]:
            estate = programme.estates.filter(name=name).first() if programme else None
            if estate is None:
                raise CommandError(f"No estate {name!r} in {options['programme']!r}.")
            estates.append(estate)
        password = self._read_password(options)
        # A superuser may be created without a role; a role needs its programme.
        role = Role(options["role"]) if options["role"] and programme else None
        user = services.user_create(
            username=options["username"],
            password=password,
            first_name=options["first_name"],
            last_name=options["last_name"],
            email=options["email"],
            is_superuser=options["superuser"],
            programme=programme if role else None,
            role=role,
            estates=estates,
            organisation=options["organisation"] if role else "",
        )
        self.stdout.write(f"Created user {user.username}.")

    def _read_password(self, options: dict) -> str:
        if options["password_stdin"]:
            password = sys.stdin.readline().rstrip("\n")
        else:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("The passwords differ.")
        candidate = get_user_model()(username=options["username"], email=options["email"])
        try:
            password_validation.validate_password(password, candidate)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        return password
