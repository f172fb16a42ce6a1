"""The statements' refusal by a rule (see alyansa.core.errors.RuleError)."""

from __future__ import annotations

from collections.abc import Mapping

from alyansa.core.errors import RuleError


class StatementRuleError(RuleError):
    """A rule of the statements' workflow refuses the change, said in one sentence.

    A refusal that concerns one field of the form names it (`field`): the page shows it beside
    that field, and the API's answer names the field in its details. The issuer's check may
    refuse several fields at once (`StatementRuleError.for_fields`): `reasons` holds each."""

    def __init__(self, message: str, *, field: str = "") -> None:
        super().__init__(message)
        # The reasons by the field each concerns ("" for the change as a whole).
        self.reasons: dict[str, str] = {field: str(message)}

    @classmethod
    def for_fields(cls, reasons: Mapping[str, str]) -> StatementRuleError:
        """One refusal for several fields at once, its message their reasons in order."""
        error = cls(" ".join(str(message) for message in reasons.values()))
        error.reasons = {field: str(message) for field, message in reasons.items()}
        return error

    def details(self) -> list[dict[str, str]]:
        """The reasons as the API's error details: each with the field it concerns."""
        return [{"field": field, "message": message} for field, message in self.reasons.items()]
