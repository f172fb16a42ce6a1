"""Demo accounts, one per persona: fictional people at the reserved .invalid domain."""

from __future__ import annotations

import base64
import random

from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP

from alyansa.accounts.models import TokenAccess, User
from alyansa.accounts.roles import Role
from alyansa.accounts.services import role_grant, token_create, user_create

DEMO_DOMAIN = "demo.alyansa.invalid"
DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 - printed for the newcomer on purpose


def demo_email(local_part: str) -> str:
    return f"{local_part}@{DEMO_DOMAIN}"


def is_demo_present() -> bool:
    return User.objects.filter(email__endswith="@" + DEMO_DOMAIN).exists()


def holds_real_accounts() -> bool:
    return User.objects.exclude(email__endswith="@" + DEMO_DOMAIN).exists()


def demo_user(
    local_part: str, display_name: str, *, rng: random.Random, two_factor: bool
) -> tuple[User, list[str]]:
    """A verified demo account. Staff accounts get two-factor: the secret and recovery codes are
    returned so that the demo can print them (a newcomer signs in with a recovery code)."""
    user = user_create(
        email=demo_email(local_part),
        display_name=display_name,
        password=DEMO_PASSWORD,
        email_verified=True,
    )
    lines = [f"{user.email}  password: {DEMO_PASSWORD}"]
    if two_factor:
        secret = base64.b32encode(rng.randbytes(20)).decode()
        TOTP.activate(user, secret)
        codes = RecoveryCodes.activate(user).get_unused_codes()
        lines.append(f"    two-factor secret (for an authenticator app): {secret}")
        lines.append(f"    recovery codes (one per sign-in): {', '.join(codes[:5])}")
    return user, lines


def load(rng: random.Random) -> list[str]:
    """Alliance-wide personas; apps add scoped ones (coordinators, committees) in their own demo."""
    lines: list[str] = []
    secretariat, text = demo_user("secretariat", "Amihan Reyes", rng=rng, two_factor=True)
    role_grant(user=secretariat, role=Role.SECRETARIAT)
    lines += text
    # A token as the tokens page makes one: read only, with the secretariat's powers, 90 days.
    _token, secret = token_create(
        user=secretariat,
        name="Monthly report script",
        access=TokenAccess.READ,
        roles=[(Role.SECRETARIAT, "")],
    )
    lines.append(f"    API token (read only, secretariat): {secret}")
    officer, text = demo_user("chair", "Nadia Haddad", rng=rng, two_factor=True)
    role_grant(user=officer, role=Role.OFFICER)
    lines += text
    return lines
