"""Errors every app shares."""


class RuleError(ValueError):
    """A rule of the statutes or of a workflow refuses the change. The message says which rule,
    in one sentence, for the person who asked; pages show it beside the form and the API answers
    422 with it (alyansa/api.py)."""
