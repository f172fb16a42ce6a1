"""What the treasury's pages share."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import TypeVar

from django.contrib import messages
from django.db import transaction
from django.forms import Form
from django.http import HttpRequest
from django.utils import timezone

from alyansa.accounts.models import User
from alyansa.core.bounds import param_day
from alyansa.treasury.errors import TreasuryRuleError
from alyansa.treasury.models import Decision
from alyansa.treasury.services import decision_record

T = TypeVar("T")


def day_from(request: HttpRequest, name: str = "on") -> datetime.date:
    """A day from the address (?on=2026-05-01), today when it is missing or not a day."""
    return param_day(request.GET, name) or timezone.localdate()


def refused(request: HttpRequest, form: Form | None, error: TreasuryRuleError) -> None:
    """Show a rule's refusal beside the form (or as a message when there is none)."""
    if form is not None:
        form.add_error(None, str(error))
    else:
        messages.error(request, str(error))


def with_decision(form: Form, acting_user: User, act: Callable[[Decision], T]) -> T:
    """Record the decision a form's DecisionFields name and what rests on it, both or neither
    (a refusal by either rolls both back)."""
    data = form.cleaned_data
    with transaction.atomic():
        decision = decision_record(
            item=data.get("decided_by_item"),
            body=data.get("decided_by_body"),
            decided_on=data.get("decided_on"),
            reference=data.get("decision_reference") or "",
            acting_user=acting_user,
        )
        return act(decision)
