"""Every change to accounts, roles and tokens. Each one is one transaction with one audit row."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks_db.models import DBTaskResult

from alyansa.accounts.audit_actions import AuditAction
from alyansa.accounts.models import (
    PersonalAccessToken,
    RoleGrant,
    TokenAccess,
    User,
    hash_token,
)
from alyansa.accounts.permissions import forget_role_cache, role_keys
from alyansa.accounts.roles import SCOPED_ROLES, Role, scope_key
from alyansa.accounts.tasks import send_email
from alyansa.audit.services import audit_record
from alyansa.core.errors import RuleError
from alyansa.core.sealing import reseal
from alyansa.core.text import single_line

TOKEN_DEFAULT_DAYS = 90
TOKEN_MAX_DAYS = 365


class AccountRuleError(RuleError):
    """A rule about accounts, roles or tokens refuses the change."""


@transaction.atomic
def user_create(
    *,
    email: str,
    display_name: str = "",
    password: str | None = None,
    acting_user: User | None = None,
    email_verified: bool = False,
) -> User:
    """Create an account. Verified e-mail is only set by the secretariat or the admin command."""
    user = User.objects.create_user(
        email=email, password=password, display_name=single_line(display_name)
    )
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=email_verified)
    audit_record(actor=acting_user, action=AuditAction.USER_CREATE, obj=user)
    return user


@transaction.atomic
def role_grant(
    *, user: User, role: Role, scope: Model | None = None, acting_user: User | None = None
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
            action=AuditAction.ROLE_GRANT,
            obj=user,
            changes={"role": role.value, "scope": grant.scope},
        )
    forget_role_cache(user)
    return grant


@transaction.atomic
def role_revoke(
    *, user: User, role: Role, scope: Model | None = None, acting_user: User | None = None
) -> bool:
    deleted, _deleted_by_model = RoleGrant.objects.filter(
        user=user, role=role, scope=scope_key(scope)
    ).delete()
    if deleted:
        audit_record(
            actor=acting_user,
            action=AuditAction.ROLE_REVOKE,
            obj=user,
            changes={"role": role.value, "scope": scope_key(scope)},
        )
    forget_role_cache(user)
    return bool(deleted)


@transaction.atomic
def token_create(
    *,
    user: User,
    name: str,
    access: TokenAccess = TokenAccess.READ,
    roles: Iterable[tuple[str, str]] = (),
    expires_at: datetime | None = None,
) -> tuple[PersonalAccessToken, str]:
    """Create an API token. Returns the row and the secret, which is never stored or shown again.

    The token carries the powers of `roles` only, each one the account holds now (a role
    granted later is never added), with `access` read only or read and write. It expires at
    `expires_at`, by default TOKEN_DEFAULT_DAYS from now, at most TOKEN_MAX_DAYS."""
    now = timezone.now()
    expires_at = expires_at or now + timedelta(days=TOKEN_DEFAULT_DAYS)
    if not now < expires_at <= now + timedelta(days=TOKEN_MAX_DAYS):
        raise AccountRuleError(
            _("A token must expire in the future, within %(days)d days.") % {"days": TOKEN_MAX_DAYS}
        )
    carried = {(str(role), str(scope)) for role, scope in roles}
    if not carried <= role_keys(user):
        raise AccountRuleError(_("A token can carry only roles that the account holds."))
    secret = PersonalAccessToken.new_secret()
    token = PersonalAccessToken.objects.create(
        user=user,
        name=single_line(name)[:80],
        token_hash=hash_token(secret),
        hint=secret[: len(PersonalAccessToken.PREFIX) + 4],
        access=TokenAccess(access),
        roles=sorted([role, scope] for role, scope in carried),
        created_at=now,
        expires_at=expires_at,
    )
    audit_record(
        actor=user,
        action=AuditAction.TOKEN_CREATE,
        obj=token,
        changes={"access": token.access, "roles": token.roles, "expires_at": str(expires_at)},
    )
    return token, secret


@transaction.atomic
def token_revoke(*, token: PersonalAccessToken, acting_user: User) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(actor=acting_user, action=AuditAction.TOKEN_REVOKE, obj=token)


def token_authenticate(secret: str) -> PersonalAccessToken | None:
    """The usable token (with its user) that `secret` opens, or None. Marks when the token was
    last used (hourly). What it may do is for the caller to apply (accounts/api.py)."""
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
    return token


@transaction.atomic
def secrets_reseal(*, acting_user: User | None = None) -> dict[str, int]:
    """Seal every secret kept at rest again under the first ENCRYPTION_KEY (after a new key was
    put first, and before the old one is removed): the two-factor secrets and recovery-code
    seeds, and the e-mails in the task queue. Secrets an older version kept in clear are
    sealed too. `alyansa rotate_encryption_key` runs this."""
    authenticators = 0
    for authenticator in Authenticator.objects.select_for_update().order_by("pk"):
        data = dict(authenticator.data)
        for field in ("secret", "seed"):
            if isinstance(data.get(field), str):
                data[field] = reseal(data[field])
        if isinstance(data.get("migrated_codes"), list):
            data["migrated_codes"] = [reseal(code) for code in data["migrated_codes"]]
        if data != authenticator.data:
            Authenticator.objects.filter(pk=authenticator.pk).update(data=data)
            authenticators += 1
    emails = 0
    queued = DBTaskResult.objects.select_for_update().filter(task_path=send_email.module_path)
    for result in queued.order_by("enqueued_at"):
        kwargs = result.args_kwargs.get("kwargs", {})
        if isinstance(kwargs.get("sealed"), str):
            kwargs["sealed"] = reseal(kwargs["sealed"])
            DBTaskResult.objects.filter(pk=result.pk).update(args_kwargs=result.args_kwargs)
            emails += 1
    counts = {"authenticators": authenticators, "emails": emails}
    audit_record(actor=acting_user, action=AuditAction.SECRETS_RESEAL, changes=counts)
    return counts
