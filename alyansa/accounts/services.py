"""Every change to accounts, roles and tokens. Each one is one transaction with one audit row."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from alyansa.accounts.models import PersonalAccessToken, RoleGrant, User, hash_token
from alyansa.accounts.permissions import forget_role_cache
from alyansa.accounts.roles import SCOPED_ROLES, Role, scope_key
from alyansa.audit.services import audit_record
from alyansa.core.text import single_line


@transaction.atomic
def user_create(
    *,
    email: str,
    display_name: str = "",
    password: str | None = None,
    acting_user: Any = None,
    email_verified: bool = False,
) -> User:
    """Create an account. Verified e-mail is only set by the secretariat or the admin command."""
    from allauth.account.models import EmailAddress

    user = User.objects.create_user(
        email=email, password=password, display_name=single_line(display_name)
    )
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=email_verified)
    audit_record(actor=acting_user, action="user.create", obj=user)
    return user


@transaction.atomic
def role_grant(
    *, user: User, role: Role, scope: Model | None = None, acting_user: Any = None
) -> RoleGrant:
    """Give a role. Scoped roles (coordinator, election committee) need the object they cover."""
    if role in SCOPED_ROLES and scope is None:
        raise ValueError(f"The role {role.value} needs a scope.")
    if role not in SCOPED_ROLES and scope is not None:
        raise ValueError(f"The role {role.value} covers the whole alliance and takes no scope.")
    grant, created = RoleGrant.objects.get_or_create(user=user, role=role, scope=scope_key(scope))
    if created:
        audit_record(
            actor=acting_user,
            action="role.grant",
            obj=user,
            changes={"role": role.value, "scope": grant.scope},
        )
    forget_role_cache(user)
    return grant


@transaction.atomic
def role_revoke(
    *, user: User, role: Role, scope: Model | None = None, acting_user: Any = None
) -> bool:
    deleted, _ = RoleGrant.objects.filter(user=user, role=role, scope=scope_key(scope)).delete()
    if deleted:
        audit_record(
            actor=acting_user,
            action="role.revoke",
            obj=user,
            changes={"role": role.value, "scope": scope_key(scope)},
        )
    forget_role_cache(user)
    return bool(deleted)


@transaction.atomic
def token_create(
    *, user: User, name: str, expires_at: datetime | None = None
) -> tuple[PersonalAccessToken, str]:
    """Create an API token. Returns the row and the secret, which is never stored or shown again."""
    secret = PersonalAccessToken.new_secret()
    token = PersonalAccessToken.objects.create(
        user=user,
        name=name,
        token_hash=hash_token(secret),
        hint=secret[: len(PersonalAccessToken.PREFIX) + 4],
        expires_at=expires_at,
    )
    audit_record(actor=user, action="token.create", obj=token)
    return token, secret


@transaction.atomic
def token_revoke(*, token: PersonalAccessToken, acting_user: Any) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(actor=acting_user, action="token.revoke", obj=token)


def token_authenticate(secret: str) -> User | None:
    """The user a token belongs to, or None. Marks when the token was last used (hourly)."""
    if not secret.startswith(PersonalAccessToken.PREFIX):
        return None
    token = (
        PersonalAccessToken.objects.usable()
        .select_related("user")
        .filter(token_hash=hash_token(secret))
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 3600:
        PersonalAccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
