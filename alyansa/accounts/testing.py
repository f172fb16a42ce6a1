"""Plain factory functions for tests: named personas, as in the tests' sentences."""

from __future__ import annotations

import itertools

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.db.models import Model

from alyansa.accounts.models import TokenAccess, User
from alyansa.accounts.permissions import role_keys
from alyansa.accounts.roles import STAFF_ROLES, Role
from alyansa.accounts.services import role_grant, token_create, user_create

TEST_PASSWORD = "correct-horse-battery-staple"  # noqa: S105 - tests only
_numbers = itertools.count(1)


def make_user(
    name: str = "", *, role: Role | None = None, scope: Model | None = None, email: str = ""
) -> User:
    """A verified account. A staff role comes with two-factor set up, as the rules demand."""
    number = next(_numbers)
    user = user_create(
        email=email or f"{name.lower().replace(' ', '.') or 'user'}{number}@example.org",
        display_name=name or f"User {number}",
        password=TEST_PASSWORD,
        email_verified=True,
    )
    if role is not None:
        role_grant(user=user, role=role, scope=scope)
        if role in STAFF_ROLES:
            TOTP.activate(user, generate_totp_secret())
    return user


def make_token(user: User, *, access: TokenAccess = TokenAccess.READ_WRITE) -> str:
    """The secret of a token that carries every role the account holds now."""
    _token, secret = token_create(user=user, name="test", access=access, roles=role_keys(user))
    return secret
