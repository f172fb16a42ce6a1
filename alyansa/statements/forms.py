from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from alyansa.statements.models import Endorsement, Occasion, Statement, Topic


def language_choices() -> list[tuple[str, str]]:
    return [(code, str(name)) for code, name in settings.LANGUAGES]


class TranslationFields(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    subtitle = forms.CharField(label=_("Slogans / subtitle"), max_length=500, required=False)
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 16}),
        required=False,
        help_text=_("Markdown: **bold**, *italic*, ## headings, - lists, [links](https://…)."),
    )
    demands = forms.CharField(
        label=_("Demands"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text=_("One demand per line; they are numbered in order."),
    )

    def demand_list(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["demands"].splitlines() if line.strip()]


class StatementCreateForm(TranslationFields):
    slug = forms.SlugField(
        label=_("Address"), max_length=120, help_text=_("e.g. migrants-day-2026")
    )
    source_language = forms.ChoiceField(label=_("Written in"), choices=language_choices)
    issued_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    issuer_kind = forms.ChoiceField(label=_("Issued by"), choices=Statement.Issuer.choices)
    issuer_name = forms.CharField(
        label=_("Issuer's name as printed"),
        max_length=300,
        required=False,
        help_text=_("For joint statements: the organizations, as they should appear."),
    )
    contact = forms.CharField(label=_("Reference / contact"), max_length=300, required=False)
    occasion = forms.ModelChoiceField(
        label=_("Occasion"), queryset=Occasion.objects.all(), required=False
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"),
        queryset=Topic.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    campaign = forms.CharField(label=_("Campaign"), max_length=200, required=False)
    open_for_endorsement = forms.BooleanField(label=_("Open for endorsement"), required=False)
    signatories = forms.CharField(
        label=_("Signatories"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("One per line: name | role | organization"),
    )

    def signatory_list(self) -> list[tuple[str, str, str]]:
        rows = []
        for line in self.cleaned_data["signatories"].splitlines():
            parts = [part.strip() for part in line.split("|")] + ["", ""]
            if parts[0]:
                rows.append((parts[0], parts[1], parts[2]))
        return rows


class TranslationForm(TranslationFields):
    up_to_date = forms.BooleanField(
        label=_("This translation follows the current source text"), required=False, initial=True
    )
    correction_note = forms.CharField(
        label=_("Correction note (shown to readers)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class PublishForm(forms.Form):
    at = forms.DateTimeField(
        label=_("Publish at (leave empty for now)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )


class EndorsementForm(forms.Form):
    organization_name = forms.CharField(label=_("Organization"), max_length=300)
    country = forms.CharField(label=_("Country"), max_length=100, required=False)
    kind = forms.ChoiceField(label=_("Your organization is"), choices=Endorsement.Kind.choices)
    email = forms.EmailField(
        label=_("E-mail for the confirmation link"),
        help_text=_("Used once to confirm, then deleted. Never shown."),
    )
    # The honeypot: hidden from people by the stylesheet, filled in by bots.
    website = forms.CharField(label=_("Leave this empty"), required=False)

    def is_bot(self) -> bool:
        return bool(self.data.get("website"))


class ImageForm(forms.Form):
    image = forms.ImageField(label=_("Picture"))
    alt = forms.CharField(label=_("Description for people who cannot see it"), max_length=300)

    def clean_image(self) -> Any:
        return self.cleaned_data["image"]
