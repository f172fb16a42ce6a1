"""Secrets kept at rest, sealed with a key that is not in the database.

Two-factor secrets (the TOTP key and the recovery codes' seed) and the e-mails waiting in the
task queue (confirmation and password links) are written to the database only sealed: Fernet
(AES-128-CBC and HMAC-SHA256, from `cryptography`) under ENCRYPTION_KEY, which lives in the
environment (or, in development, in a 0600 file in the data folder), never in the database or
its backups. A stolen disk, database dump or backup therefore holds no usable secret.

ENCRYPTION_KEY may list several keys separated by commas while a key is being replaced: the
first seals, every one opens. `alyansa rotate_encryption_key` seals again, under the first,
whatever the others sealed (docs/security/at-rest.md).
"""

from __future__ import annotations

from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

# Sealed text starts with this; text without it was written before sealing existed.
PREFIX = "sealed:v1:"


class SealError(ValueError):
    """Sealed text that none of the keys opens (the key was replaced, or the text altered)."""


def new_key() -> str:
    return Fernet.generate_key().decode()


def check_key(key: str) -> None:
    """Raise ValueError when `key` is not a key `new_key` could have made."""
    Fernet(key.encode())


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key.encode()) for key in keys])


def _keys() -> MultiFernet:
    return _fernet(tuple(settings.ENCRYPTION_KEYS))


def is_sealed(value: str) -> bool:
    return value.startswith(PREFIX)


def seal(text: str) -> str:
    return PREFIX + _keys().encrypt(text.encode()).decode()


def unseal(value: str) -> str:
    """The text `seal` sealed. Text that was never sealed (kept before sealing existed) comes
    back as it is, until `alyansa rotate_encryption_key` seals it."""
    if not is_sealed(value):
        return value
    try:
        return _keys().decrypt(value.removeprefix(PREFIX).encode()).decode()
    except InvalidToken:
        raise SealError(
            "A sealed secret cannot be opened with ENCRYPTION_KEY: was the key replaced "
            "without keeping the old one after it?"
        ) from None


def reseal(value: str) -> str:
    """`value` sealed under the first key, whichever key sealed it (or if none did)."""
    return seal(unseal(value))
