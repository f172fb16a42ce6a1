"""What the statements' pages share."""

from __future__ import annotations

from django.forms import BaseForm

from alyansa.accounts.roles import Role
from alyansa.statements.errors import StatementRuleError

# The roles of the staff workspace: the secretariat writes, officers approve.
STAFF = (Role.SECRETARIAT, Role.OFFICER)


def show_beside(form: BaseForm, refusal: StatementRuleError) -> None:
    """A service's refusal shown with the form: each reason beside the field it concerns, or
    above the form when it concerns the whole change."""
    for field, reason in refusal.reasons.items():
        form.add_error(field or None, reason)
