"""What a ballot says, as one short text, and the receipts handed to voters. Pure functions.

A ballot's content names options by their position on the ballot paper, never by a name, so
the stored text is short and the same for everybody who voted alike:

- Yes/No/Abstain: "yes", "no" or "abstain";
- single choice: "3";
- approval and block votes: "1,4,5" (sorted; "" marks nothing);
- ranked: "3>1>2" (first preference first).
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

MOTION_CHOICES = ("yes", "no", "abstain")


class BallotInvalid(ValueError):
    """A ballot that does not fit its poll; the message can be shown to the voter."""


@dataclass(frozen=True)
class PollSpec:
    """What casting needs to know of a poll to check a ballot (fixed once it opens)."""

    poll_id: int
    kind: str
    options: int
    seats: int
    assembly_id: int = 0
    # The public key of the poll's ballot box (ballotbox.py): every ballot is sealed with it.
    box_key: str = ""


def encode(spec: PollSpec, choices: Sequence[str]) -> str:
    """Turn the form's choices (option positions, or yes/no/abstain) into a ballot's content.
    Raises BallotInvalid with a message for the voter."""
    values = [str(choice).strip() for choice in choices if str(choice).strip()]
    if spec.kind == "motion":
        if len(values) != 1 or values[0] not in MOTION_CHOICES:
            raise BallotInvalid(_("Choose yes, no or abstain."))
        return values[0]
    try:
        numbers = [int(value) for value in values]
    except ValueError:
        raise BallotInvalid(_("This ballot names an option that is not on the paper.")) from None
    if any(not 1 <= number <= spec.options for number in numbers):
        raise BallotInvalid(_("This ballot names an option that is not on the paper."))
    if len(set(numbers)) != len(numbers):
        raise BallotInvalid(_("Mark each option at most once."))
    if spec.kind == "single":
        if len(numbers) != 1:
            raise BallotInvalid(_("Choose one option."))
        return str(numbers[0])
    if spec.kind in {"approval", "block"}:
        if spec.kind == "block" and len(numbers) > spec.seats:
            raise BallotInvalid(
                _("Mark at most %(seats)d candidates, one per seat.") % {"seats": spec.seats}
            )
        return ",".join(str(number) for number in sorted(numbers))
    if not numbers:
        raise BallotInvalid(_("Rank at least one candidate."))
    return ">".join(str(number) for number in numbers)


def decode(kind: str, content: str) -> list[int] | str:
    """The option positions a ballot marks, in order (or the motion choice)."""
    if kind == "motion":
        return content
    if not content:
        return []
    separator = ">" if kind == "ranked" else ","
    return [int(part) for part in content.split(separator)]


def receipt_new() -> tuple[str, str]:
    """A receipt code for the voter (80 random bits, readable in groups) and its hash."""
    raw = base64.b32encode(secrets.token_bytes(10)).decode()
    code = "-".join(raw[i : i + 4] for i in range(0, 16, 4))
    return code, receipt_hash(code)


def receipt_given(code: str) -> str:
    """A receipt code made for a ballot form (or by a phone's script) and sent back with the
    ballot, in its usual form; "" if it is not one (16 symbols of base32, dashes and spaces
    ignored). Resubmitting the same form after a lost answer then finds its own receipt."""
    normalized = code.strip().upper().replace("-", "").replace(" ", "")
    if len(normalized) != 16 or not set(normalized) <= _BASE32:
        return ""
    return "-".join(normalized[i : i + 4] for i in range(0, 16, 4))


_BASE32 = set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")


def receipt_hash(code: str) -> str:
    normalized = code.strip().upper().replace("-", "").replace(" ", "")
    return hashlib.sha256(normalized.encode()).hexdigest()


def receipt_fingerprint(hashed: str) -> str:
    """What the bulletin board shows for a receipt: the first 16 hex digits of its hash."""
    return hashed[:16]
