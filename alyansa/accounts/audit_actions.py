"""The audit trail's names for what happens to accounts, roles, tokens and kept secrets."""

from __future__ import annotations

import enum


class AuditAction(enum.StrEnum):
    USER_CREATE = "user.create"
    ROLE_GRANT = "role.grant"
    ROLE_REVOKE = "role.revoke"
    TOKEN_CREATE = "token.create"  # noqa: S105 - an action's name, not a secret
    TOKEN_REVOKE = "token.revoke"  # noqa: S105 - an action's name, not a secret
    SECRETS_RESEAL = "secrets.reseal"
