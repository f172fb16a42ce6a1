"""The engagements' refusal by a rule (see alyansa.core.errors.RuleError)."""

from alyansa.core.errors import RuleError


class EngagementRuleError(RuleError):
    """A rule of the engagements' workflow refuses the change, said in one sentence."""
