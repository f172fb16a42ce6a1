from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alyansa.accounts.models import TokenAccess


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("What the token is for"),
        max_length=80,
        help_text=_("For example: the newsletter script."),
    )
    access = forms.ChoiceField(
        label=_("It may"),
        choices=TokenAccess.choices,
        initial=TokenAccess.READ,
        widget=forms.RadioSelect,
    )
    roles = forms.MultipleChoiceField(
        label=_("With the powers of these roles"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Tick none to read only what everyone may read. A role you are given later is "
            "never added to this token: make a new one then."
        ),
    )
    valid_days = forms.TypedChoiceField(
        label=_("Valid for"),
        coerce=int,
        choices=[(30, _("30 days")), (90, _("90 days")), (365, _("one year"))],
        initial=90,
    )

    def __init__(self, *args: Any, role_choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        roles = self.fields["roles"]
        assert isinstance(roles, forms.ChoiceField)  # declared above
        roles.choices = role_choices

    def expires_at(self) -> datetime:
        return timezone.now() + timedelta(days=self.cleaned_data["valid_days"])

    def carried_roles(self) -> list[tuple[str, str]]:
        return [tuple(value.split("|", 1)) for value in self.cleaned_data["roles"]]  # type: ignore[misc]
