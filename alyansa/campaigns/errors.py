"""The campaigns app's refusal by a rule (see alyansa.core.errors.RuleError)."""

from alyansa.core.errors import RuleError


class CampaignRuleError(RuleError):
    """A rule of the calls' workflow refuses the change, said in one sentence."""
