"""Delegates' credentials: the codes on their badges, issued, reissued and revoked."""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alyansa.accounts.models import User
from alyansa.assemblies.audit_actions import Action
from alyansa.assemblies.models import Credential, Participant, hash_secret
from alyansa.assemblies.services.common import AssemblyRuleError
from alyansa.audit.services import audit_record

# Crockford-like alphabet: no 0/O, 1/I/L, so a code read aloud or typed from a badge survives.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 20  # 20 symbols of 31: about 99 bits


def normalize_code(text: str) -> str:
    """A typed or scanned code (with dashes, spaces, lower case, or a whole link) → the secret."""
    text = text.strip().rstrip("/").rsplit("/", 1)[-1]
    return "".join(ch for ch in text.upper() if ch in CODE_ALPHABET)


def format_code(secret: str) -> str:
    return "-".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _new_secret() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


@transaction.atomic
def credential_issue(
    *, participant: Participant, acting_user: User | None
) -> tuple[Credential, str]:
    """Issue a delegate's credential; returns it and the secret, which is never stored (only its
    hash) and cannot be shown again. A reissue (lost badge) revokes the previous credential."""
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    if participant.kind != Participant.Kind.DELEGATE:
        raise AssemblyRuleError(_("Only delegates receive a credential."))
    if participant.withdrawn_at is not None:
        raise AssemblyRuleError(_("This delegate has been withdrawn."))
    now = timezone.now()
    replaced = list(
        participant.credentials.filter(revoked_at__isnull=True).values_list("pk", flat=True)
    )
    participant.credentials.filter(pk__in=replaced).update(
        revoked_at=now, revoked_reason="reissued"
    )
    secret = _new_secret()
    credential = Credential.objects.create(
        participant=participant,
        secret_hash=hash_secret(secret),
        hint=secret[:4],
        issued_at=now,
        issued_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
    )
    audit_record(
        actor=acting_user,
        action=Action.CREDENTIAL_REISSUE if replaced else Action.CREDENTIAL_ISSUE,
        obj=credential,
        changes={"participant": participant.pk, "replaces": replaced},
    )
    return credential, secret


@transaction.atomic
def credential_revoke(*, credential: Credential, acting_user: User, reason: str = "") -> Credential:
    """Stop a credential from working (its sessions end at their next request)."""
    credential = Credential.objects.select_for_update().get(pk=credential.pk)
    if credential.revoked_at is None:
        credential.revoked_at = timezone.now()
        credential.revoked_reason = reason.strip()[:200] or "revoked"
        credential.save(update_fields=["revoked_at", "revoked_reason"])
        audit_record(actor=acting_user, action=Action.CREDENTIAL_REVOKE, obj=credential)
    return credential
