"""Forms of the voting pages. They check shapes; the rules live in services."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from alyansa.assemblies.fields import DelegateChoiceField
from alyansa.assemblies.models import Participant
from alyansa.members.models import Organization


class NominationForm(forms.Form):
    """A nomination as the election committee or the secretariat enters it: a delegate of the
    assembly, or the name of a candidate who is not a delegate."""

    participant = DelegateChoiceField(
        label=_("Candidate (a delegate)"),
        queryset=Participant.objects.none(),
        required=False,
        empty_label="—",
    )
    name = forms.CharField(
        label=_("Or the name of a candidate who is not a delegate"),
        max_length=120,
        required=False,
        help_text=_("A pseudonym is fine. Nothing else about the person is asked for."),
    )
    organization = forms.ModelChoiceField(
        label=_("Their organization"),
        queryset=Organization.objects.current_members().order_by("name"),
        to_field_name="slug",
        required=False,
        help_text=_("Only for a candidate who is not a delegate."),
    )
    nominated_by = forms.CharField(
        label=_("Nominated by"),
        max_length=200,
        required=False,
        help_text=_("The organization, caucus or delegate who puts the candidate forward."),
    )

    def __init__(self, delegates: QuerySet[Participant], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        participant = cast(DelegateChoiceField, self.fields["participant"])
        participant.queryset = delegates

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        has_delegate = data.get("participant") is not None
        has_name = bool((data.get("name") or "").strip())
        if has_delegate == has_name:
            raise forms.ValidationError(
                _("Choose a delegate, or give the name of a candidate who is not a delegate.")
            )
        return data
