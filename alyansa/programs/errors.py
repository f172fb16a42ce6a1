"""The program of action's refusal by a rule (see alyansa.core.errors.RuleError)."""

from alyansa.core.errors import RuleError


class ProgramRuleError(RuleError):
    """A rule of the program of action refuses the change, said in one sentence."""
