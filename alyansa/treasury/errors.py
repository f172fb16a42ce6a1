"""The treasury's refusal by a rule (see alyansa.core.errors.RuleError)."""

from alyansa.core.errors import RuleError


class TreasuryRuleError(RuleError):
    """A rule of bookkeeping or of the statutes refuses the change, said in one sentence."""
