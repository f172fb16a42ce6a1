from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from alyansa.core.bounds import DayField, MomentField
from alyansa.core.languages import add_name_fields, default_name_field, language_values
from alyansa.members.models import Chapter, Organization
from alyansa.statements.models import (
    Endorsement,
    NamedInLanguages,
    Occasion,
    Statement,
    Topic,
)


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


class ChapterChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.get_kind_display()})"


class OrganizationChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        label = f"{obj} · {obj.country.display_name}"
        if obj.at_risk:
            label += " · " + str(_("not listed publicly"))
        return label


def signatory_lines(signatories: list[dict[str, str]]) -> str:
    return "\n".join(
        " | ".join([s.get("name", ""), s.get("role", ""), s.get("organization", "")]).rstrip(" |")
        for s in signatories
    )


class StatementDetailsFields(forms.Form):
    """What is around the text: date and place, the issuer, signatories, reference, occasion,
    topics, campaign, sign-on. Shared by the new-statement form and the details form."""

    issued_on = DayField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    issuer_kind = forms.ChoiceField(
        label=_("Issued by"),
        choices=Statement.Issuer.choices,
        initial=Statement.Issuer.ALLIANCE,
        widget=forms.RadioSelect,
    )
    issuer_chapter = ChapterChoice(
        label=_("Issuing chapter"),
        queryset=Chapter.objects.select_related("region").order_by("name"),
        required=False,
        help_text=_("When a chapter or coordinating body issues it in its own name."),
    )
    issuer_organizations = OrganizationChoices(
        label=_("Issuing organizations"),
        queryset=Organization.objects.current_members().select_related("country"),
        required=False,
        help_text=_("For a joint statement: hold Ctrl (or Cmd) to choose several."),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    issuer_name = forms.CharField(
        label=_("Issuer's name as printed"),
        max_length=300,
        required=False,
        help_text=_(
            "Optional: the issuers as they should appear, e.g. with organizations that are not "
            "in the member registry. Left empty, the chapter or organizations chosen are shown."
        ),
    )
    signatories = forms.CharField(
        label=_("Signatories"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("One per line: name | role | organization"),
    )
    contact = forms.CharField(label=_("Reference / contact"), max_length=300, required=False)
    occasion = forms.ModelChoiceField(
        label=_("Occasion"),
        queryset=Occasion.objects.all(),
        required=False,
        help_text=_("Occasions are added and named in each language on their own page."),
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"),
        queryset=Topic.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Topics are added and named in every language on the workspace's topics page."),
    )
    campaign = forms.CharField(label=_("Campaign"), max_length=200, required=False)
    open_for_endorsement = forms.BooleanField(label=_("Open for endorsement"), required=False)

    def clean(self) -> dict[str, Any]:
        """Says at once when the issuer chosen and the chapter or organizations disagree (the
        service checks that what is needed is there)."""
        data = super().clean() or {}
        kind = data.get("issuer_kind")
        chapter = data.get("issuer_chapter")
        organizations = data.get("issuer_organizations") or []
        if kind == Statement.Issuer.ALLIANCE and (chapter or organizations):
            self.add_error(
                "issuer_kind",
                _(
                    "The alliance issues it alone: clear the chapter and organizations, or "
                    "choose who issues it with them."
                ),
            )
        elif kind == Statement.Issuer.CHAPTER and organizations:
            self.add_error(
                "issuer_organizations",
                _(
                    "A chapter issues it: clear the organizations, or choose “Several "
                    "organizations jointly”."
                ),
            )
        elif kind == Statement.Issuer.JOINT and chapter:
            self.add_error(
                "issuer_chapter",
                _(
                    "Organizations issue it jointly: clear the chapter, or choose “A chapter or "
                    "coordinating body”."
                ),
            )
        return data

    def signatory_list(self) -> list[tuple[str, str, str]]:
        rows = []
        for line in self.cleaned_data["signatories"].splitlines():
            parts = [part.strip() for part in line.split("|")] + ["", ""]
            if parts[0]:
                rows.append((parts[0], parts[1], parts[2]))
        return rows


class StatementCreateForm(TranslationFields, StatementDetailsFields):
    slug = forms.SlugField(
        label=_("Address"), max_length=120, help_text=_("e.g. migrants-day-2026")
    )
    source_language = forms.ChoiceField(label=_("Written in"), choices=language_choices)

    field_order = ["slug", "source_language", "title", "subtitle", "body", "demands"]


class StatementDetailsForm(StatementDetailsFields):
    correction_note = forms.CharField(
        label=_("Correction note (shown to readers)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Needed when a published statement's date, place, issuer or signatories change."
        ),
    )

    def __init__(self, *args: Any, statement: Statement, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "issued_on": statement.issued_on,
                "place": statement.place,
                "issuer_kind": statement.issuer_kind,
                "issuer_chapter": statement.issuer_chapter_id,
                "issuer_organizations": [o.pk for o in statement.issuer_organizations.all()],
                "issuer_name": statement.issuer_name,
                "signatories": signatory_lines(statement.signatories),
                "contact": statement.contact,
                "occasion": statement.occasion_id,
                "topics": [t.pk for t in statement.topics.all()],
                "campaign": statement.campaign,
                "open_for_endorsement": statement.open_for_endorsement,
            },
        )
        super().__init__(*args, **kwargs)
        # An organization that issued it stays choosable after it left the alliance.
        field = self.fields["issuer_organizations"]
        field.queryset = (  # type: ignore[attr-defined]
            Organization.objects.filter(
                Q(pk__in=Organization.objects.current_members().values("pk"))
                | Q(pk__in=statement.issuer_organizations.values("pk"))
            )
            .select_related("country")
            .order_by("name")
        )
        if statement.status != Statement.Status.PUBLISHED:
            del self.fields["correction_note"]


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
    at = MomentField(
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


class NamedForm(forms.Form):
    """A topic's or an occasion's address (only when it is new), default name, and name in
    each of the site's languages."""

    model: type[NamedInLanguages]
    address_help: Any
    address_taken: Any

    slug = forms.SlugField(label=_("Address"), max_length=80)
    name = default_name_field(120)

    def __init__(self, *args: Any, instance: NamedInLanguages | None = None, **kwargs: Any) -> None:
        if instance is not None:
            kwargs.setdefault("initial", {"name": instance.name})
        super().__init__(*args, **kwargs)
        if instance is not None:
            del self.fields["slug"]  # the address never changes
        else:
            self.fields["slug"].help_text = self.address_help
        add_name_fields(self, max_length=120, names=instance.names if instance else None)

    def clean_slug(self) -> str:
        slug: str = self.cleaned_data["slug"]
        if self.model._default_manager.filter(slug=slug).exists():
            raise forms.ValidationError(self.address_taken)
        return slug

    def names(self) -> dict[str, str]:
        return language_values(self, "name")


class TopicForm(NamedForm):
    model = Topic
    address_help = _("Used in links and feeds (?topic=…); it cannot change later.")
    address_taken = _("A topic already has this address.")


class OccasionForm(NamedForm):
    model = Occasion
    address_help = _("Used in links and feeds (?occasion=…); it cannot change later.")
    address_taken = _("An occasion already has this address.")


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """One file or several (each is checked as a file field would be)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": ".xml,.wxr,.zip,.md,.markdown"})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class ImportForm(forms.Form):
    # The metaclass moves the field into base_fields: it does not hide the form's uploaded
    # `files`, which mypy cannot know.
    files = MultipleFileField(  # type: ignore[assignment]
        label=_("File to import"),
        help_text=_(
            "A WordPress export (Tools → Export, a .xml file), a .zip of Markdown files, or "
            "up to 100 Markdown (.md) files with front matter. At most %(size)d MB."
        ),
    )
    default_language = forms.ChoiceField(
        label=_("Language of posts that do not say theirs"), choices=language_choices
    )

    def __init__(self, *args: Any, max_mb: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = self.fields["files"].help_text % {"size": max_mb}
