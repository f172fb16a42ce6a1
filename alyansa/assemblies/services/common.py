"""What the assembly services share: their refusal, and how a delegate acting alone is named."""

from __future__ import annotations

from typing import Any

from alyansa.assemblies.models import Participant
from alyansa.core.errors import RuleError


class AssemblyRuleError(RuleError):
    """A step the assembly's rules do not allow, said in words the secretariat understands."""


def delegate_actor(participant: Participant) -> dict[str, Any]:
    return {"by_participant": participant.pk}
