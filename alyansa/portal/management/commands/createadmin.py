from __future__ import annotations

import getpass
import os
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.validators import validate_email
from django.db import transaction

from alyansa.accounts.models import User
from alyansa.accounts.roles import Role
from alyansa.accounts.services import role_grant, user_create


class Command(BaseCommand):
    help = (
        "Create a secretariat account. The password is asked for, or read from "
        "ALYANSA_ADMIN_PASSWORD. Two-factor sign-in is set up at the first sign-in."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--email", required=True)
        parser.add_argument("--name", default="", help="Display name (a pseudonym is fine).")

    def handle(self, *args: Any, email: str, name: str, **options: Any) -> None:
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(f"{email!r} is not an e-mail address.") from None
        if User.objects.filter(email__iexact=email).exists():
            raise CommandError(f"An account with {email} exists already.")
        password = os.environ.get("ALYANSA_ADMIN_PASSWORD") or getpass.getpass("Password: ")
        try:
            validate_password(password)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        with transaction.atomic():
            user = user_create(
                email=email, display_name=name, password=password, email_verified=True
            )
            role_grant(user=user, role=Role.SECRETARIAT)
        self.stdout.write(f"Created {email} with the secretariat role.")
