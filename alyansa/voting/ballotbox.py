"""The ballot box: ballots sealed at the cast, opened at the close, and the key destroyed.

docs/decisions/0005-ballot-secrecy-at-rest.md says why. Each poll gets an X25519 key pair when
it opens. The public half is stored on the poll (`Poll.ballot_box_key`): every process can seal
with it. The private half never reaches the database: it is written to a file only Alyansa's
user may read, in BALLOT_KEY_DIR (by default `ballot-keys/` in the data folder), flushed to
disk so that it survives a restart or a crash of the server, and destroyed once the close has
opened the ballots and committed them, shuffled, as the board's rows.

A ballot is sealed much as libsodium's sealed box does it: an ephemeral X25519 key, its shared
secret with the poll's key through HKDF-SHA256 (bound to the poll and both public keys),
ChaCha20-Poly1305 with a random nonce. An ephemeral key serves at most SEALS_PER_KEY ballots of
one process before a new one is made: the two X25519 operations (0.13-0.3 ms) are shared, and
a ballot costs the AEAD alone (docs/decisions/0005 weighs this). The text is padded to the
longest ballot the poll allows, so every sealed ballot of a poll has the same length: "no" and
"abstain" look alike. The database, its WAL and
its backups therefore hold, next to each voter's "has voted" row, only a sealed ballot, which
nobody can open once the key is gone.
"""

from __future__ import annotations

import base64
import contextlib
import os
import re
import threading
from collections.abc import Callable
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.utils.translation import gettext as _

from alyansa.core.errors import RuleError
from alyansa.core.files import open_private, private_folder

VERSION = "b1."
SEALS_PER_KEY = 64
_RAW = serialization.Encoding.Raw
_NO_ENCRYPTION = serialization.NoEncryption()  # the file is the secret, 0600 in a 0700 folder
_KEY_FILE = re.compile(r"^poll-(\d{1,18})-([0-9a-f]{16})\.key$")


class BallotBoxError(RuleError):
    """The poll's ballots cannot be opened (the key is missing, or a sealed ballot was altered)."""


def _public_bytes(key: X25519PrivateKey | X25519PublicKey) -> bytes:
    public = key.public_key() if isinstance(key, X25519PrivateKey) else key
    return public.public_bytes(_RAW, serialization.PublicFormat.Raw)


def _cipher(shared: bytes, poll_id: int, ephemeral: bytes, recipient: bytes) -> ChaCha20Poly1305:
    info = b"alyansa ballot box v1" + poll_id.to_bytes(8, "big") + ephemeral + recipient
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(shared)
    return ChaCha20Poly1305(key)


def padded_size(kind: str, options: int) -> int:
    """The longest ballot text a poll allows (ballots.encode): every ballot is padded to it."""
    if kind == "motion":
        return len("abstain")
    if kind == "single":
        return len(str(options))
    return len(",".join(str(number) for number in range(1, options + 1)))


class _Sealer:
    """An ephemeral key of this process for one poll, and how many more ballots it seals."""

    def __init__(self, poll_id: int, recipient: bytes) -> None:
        ephemeral = X25519PrivateKey.generate()
        self.sender = _public_bytes(ephemeral)
        shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(recipient))
        self.cipher = _cipher(shared, poll_id, self.sender, recipient)
        self.left = SEALS_PER_KEY


_sealers: dict[tuple[int, str], _Sealer] = {}
_sealers_lock = threading.Lock()  # the page and the API cast from several threads


def seal(public_key: str, poll_id: int, content: str, size: int) -> str:
    """The ballot `content` sealed for the poll's key (hex), as text for the database."""
    plain = content.encode()
    if len(plain) > size or b"\0" in plain:
        raise ValueError("a ballot longer than its poll allows")
    with _sealers_lock:
        sealer = _sealers.get((poll_id, public_key))
        if sealer is None or sealer.left <= 0:
            sealer = _sealers[(poll_id, public_key)] = _Sealer(poll_id, bytes.fromhex(public_key))
        sealer.left -= 1
    nonce = os.urandom(12)  # at most SEALS_PER_KEY nonces per key: a collision is negligible
    sealed = sealer.cipher.encrypt(nonce, plain.ljust(size, b"\0"), None)
    return VERSION + base64.urlsafe_b64encode(sealer.sender + nonce + sealed).decode()


def sealers_forget(poll_id: int) -> None:
    """Drop this process's ephemeral keys of a poll (once it is closed)."""
    with _sealers_lock:
        for key in [key for key in _sealers if key[0] == poll_id]:
            del _sealers[key]


# ---- The private keys, outside the database ---------------------------------------------------


def _folder() -> Path:
    return private_folder(Path(settings.BALLOT_KEY_DIR))


def _path(poll_id: int, public_key: str) -> Path:
    # The public key's start names the file: two databases sharing a key folder (tests, a
    # staging copy) never take each other's keys for the same poll number.
    return _folder() / f"poll-{poll_id}-{public_key[:16]}.key"


def box_new(poll_id: int) -> str:
    """Make the poll's key pair: the private key goes to its file (flushed to disk, with its
    folder), the public key (hex) is returned for the poll row."""
    private = X25519PrivateKey.generate()
    public_key = _public_bytes(private).hex()
    path = _path(poll_id, public_key)
    with open_private(path, "xb") as out:
        raw = private.private_bytes(_RAW, serialization.PrivateFormat.Raw, _NO_ENCRYPTION)
        out.write(raw)
        out.flush()
        os.fsync(out.fileno())
    _sync_folder(path.parent)
    return public_key


def _sync_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def opener(poll_id: int, public_key: str) -> Callable[[str], str]:
    """What opens the poll's sealed ballots: read the private key from its file. Raises
    BallotBoxError if the key is not there (destroyed, or the data folder was lost)."""
    try:
        raw = _path(poll_id, public_key).read_bytes()
        private = X25519PrivateKey.from_private_bytes(raw)
    except (OSError, ValueError):
        raise BallotBoxError(
            _(
                "The key that opens this poll's ballots is missing from the server's data "
                "folder, so they cannot be counted. Annul the poll and run it again."
            )
        ) from None
    recipient = _public_bytes(private)
    if recipient.hex() != public_key:
        raise BallotBoxError(_("The key in the data folder is not this poll's key."))
    ciphers: dict[bytes, ChaCha20Poly1305] = {}

    def open_one(sealed: str) -> str:
        try:
            if not sealed.startswith(VERSION):
                raise ValueError(sealed[:3])
            data = base64.urlsafe_b64decode(sealed[len(VERSION) :])
            sender, nonce, body = data[:32], data[32:44], data[44:]
            cipher = ciphers.get(sender)
            if cipher is None:
                shared = private.exchange(X25519PublicKey.from_public_bytes(sender))
                cipher = ciphers[sender] = _cipher(shared, poll_id, sender, recipient)
            plain = cipher.decrypt(nonce, body, None)
        except (ValueError, InvalidTag):
            raise BallotBoxError(_("A sealed ballot of this poll was altered.")) from None
        return plain.rstrip(b"\0").decode()

    return open_one


def box_destroy(poll_id: int, public_key: str) -> None:
    """Destroy the poll's private key: overwritten with zeros and flushed before it is removed
    (on file systems that write in place, the key's blocks then hold nothing)."""
    if public_key:
        _destroy(_path(poll_id, public_key))


def _destroy(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        size = path.stat().st_size
        with path.open("r+b") as out:
            out.write(bytes(size))
            out.flush()
            os.fsync(out.fileno())
        path.unlink()
        _sync_folder(path.parent)


def keys_kept() -> list[tuple[int, str]]:
    """(poll id, start of the public key) of every private key in the folder."""
    found = []
    for entry in _folder().iterdir():
        match = _KEY_FILE.match(entry.name)
        if match:
            found.append((int(match.group(1)), match.group(2)))
    return found
