from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alyansa.core.bounds import DayField
from alyansa.members.models import (
    Chapter,
    Country,
    Language,
    MembershipCategory,
    MembershipStatus,
    Organization,
    PublicField,
    Region,
    Sector,
)
from alyansa.members.services import Profile


class NamedChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.display_name


class NamedMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.display_name


def _sorted_by_name(queryset: Any) -> list[tuple[Any, str]]:
    return sorted(((obj.pk, obj.display_name) for obj in queryset), key=lambda item: item[1])


def _choice_field(form: forms.BaseForm, name: str) -> forms.ModelChoiceField[Any]:
    """The form's field `name`, a choice among rows (single or multiple)."""
    field = form.fields[name]
    if not isinstance(field, forms.ModelChoiceField):
        raise TypeError(f"{name} is not a model choice field")
    return field


class ProfileForm(forms.Form):
    """An organization's profile: the application form and the coordinator's edit form."""

    name = forms.CharField(label=_("Name of the organization"), max_length=200)
    acronym = forms.CharField(label=_("Acronym"), max_length=30, required=False)
    country = NamedChoiceField(label=_("Country"), queryset=Country.objects.all())
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    region = NamedChoiceField(
        label=_("Region"),
        queryset=Region.objects.all(),
        required=False,
        help_text=_("Leave empty to use the country's region."),
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    email = forms.EmailField(label=_("The organization's e-mail address"), required=False)
    sectors = NamedMultipleChoiceField(
        label=_("Sectors"),
        queryset=Sector.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    nationalities = NamedMultipleChoiceField(
        label=_("Nationalities of the migrants you organize"),
        queryset=Country.objects.all(),
        required=False,
        help_text=_("Hold Ctrl (or Cmd) to choose several."),
    )
    languages = NamedMultipleChoiceField(
        label=_("Languages you work in"),
        queryset=Language.objects.all(),
        required=False,
    )
    public_fields = forms.MultipleChoiceField(
        label=_("What the public may see"),
        choices=PublicField.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The name, acronym and country are shown for every listed member."),
    )
    at_risk = forms.BooleanField(
        label=_("Our organization is at risk: leave it out of the public directory"),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Choices sorted by their translated names (the database cannot sort by those).
        for name in ("country", "nationalities", "languages"):
            field = _choice_field(self, name)
            choices = _sorted_by_name(field.queryset)
            field.choices = ([("", "---------")] if name == "country" else []) + choices
        for code, language_name in settings.LANGUAGES:
            self.fields[f"description_{code}"] = forms.CharField(
                label=_("Short description in %(language)s") % {"language": language_name},
                max_length=600,
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        country = data.get("country")
        if country is not None and data.get("region") is None and country.region_id is None:
            self.add_error("region", _("This country belongs to no region yet: choose one."))
        return data

    def description(self) -> dict[str, str]:
        return {
            code: self.cleaned_data.get(f"description_{code}", "")
            for code, _name in settings.LANGUAGES
            if self.cleaned_data.get(f"description_{code}")
        }

    def profile(self) -> Profile:
        data = self.cleaned_data
        return Profile(
            name=data["name"],
            acronym=data["acronym"],
            country=data["country"],
            city=data["city"],
            region=data["region"],
            website=data["website"],
            email=data["email"],
            description=self.description(),
            sectors=data["sectors"],
            nationalities=data["nationalities"],
            languages=data["languages"],
            public_fields=data["public_fields"],
            at_risk=data["at_risk"],
        )

    def changes(self) -> dict[str, Any]:
        profile = self.profile()
        changes = {
            name: getattr(profile, name)
            for name in (
                "name",
                "acronym",
                "country",
                "city",
                "website",
                "email",
                "description",
                "public_fields",
                "at_risk",
                "sectors",
                "nationalities",
                "languages",
            )
        }
        if profile.region is not None:
            changes["region"] = profile.region
        return changes

    @classmethod
    def initial_for(cls, organization: Organization) -> dict[str, Any]:
        initial: dict[str, Any] = {
            name: getattr(organization, name)
            for name in (
                "name",
                "acronym",
                "country",
                "city",
                "region",
                "website",
                "email",
                "public_fields",
                "at_risk",
            )
        }
        for name in ("sectors", "nationalities", "languages"):
            initial[name] = list(getattr(organization, name).all())
        for code, text in organization.description.items():
            initial[f"description_{code}"] = text
        return initial


class ApplicationForm(ProfileForm):
    contact_name = forms.CharField(
        label=_("Your name"),
        max_length=120,
        help_text=_("A name the secretariat can call you by; a pseudonym is fine."),
    )
    contact_email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("We send a link to confirm the application. Only the secretariat sees it."),
    )
    category = forms.ChoiceField(label=_("Membership"), choices=MembershipCategory.choices)
    motivation = forms.CharField(
        label=_("Why does your organization want to join?"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class DirectoryForm(forms.Form):
    """The directory's filters. Choices only name what the listed members show."""

    q = forms.CharField(label=_("Name"), max_length=100, required=False)
    region = NamedChoiceField(label=_("Region"), queryset=Region.objects.all(), required=False)
    country = NamedChoiceField(label=_("Country"), queryset=Country.objects.all(), required=False)
    sector = NamedChoiceField(label=_("Sector"), queryset=Sector.objects.all(), required=False)
    nationality = NamedChoiceField(
        label=_("Nationality organized"), queryset=Country.objects.all(), required=False
    )
    language = NamedChoiceField(
        label=_("Language"), queryset=Language.objects.all(), required=False
    )

    def __init__(self, *args: Any, choices: dict[str, list[Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, objects in choices.items():
            field = _choice_field(self, name)
            rows = field.queryset
            assert rows is not None  # every filter above is declared with its rows
            field.queryset = rows.filter(pk__in=[o.pk for o in objects])
            named = sorted(((o.pk, o.display_name) for o in objects), key=lambda item: item[1])
            field.choices = [("", _("All")), *named]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("admit", _("Admit")), ("decline", _("Decline"))],
        widget=forms.RadioSelect,
    )
    decided_by = forms.CharField(
        label=_("Decided by"),
        max_length=200,
        help_text=_("The body or assembly that decided, e.g. “General Assembly 2026”."),
    )
    date = DayField(label=_("Date of the decision"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"date": timezone.localdate()})
        super().__init__(*args, **kwargs)


class MembershipStepForm(forms.Form):
    STEPS = [
        (MembershipStatus.SUSPENDED, _("Suspend")),
        (MembershipStatus.REINSTATED, _("Reinstate")),
        (MembershipStatus.WITHDRAWN, _("Withdrawn")),
        (MembershipStatus.EXPELLED, _("Expel")),
        (MembershipStatus.ADMITTED, _("Admit")),
        ("category", _("Change the category only")),
    ]
    status = forms.ChoiceField(label=_("Step"), choices=STEPS)
    category = forms.ChoiceField(
        label=_("Category"),
        choices=[("", _("Unchanged")), *MembershipCategory.choices],
        required=False,
    )
    decided_by = forms.CharField(label=_("Decided by"), max_length=200)
    date = DayField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class CountsForm(forms.Form):
    on = DayField(
        label=_("Members on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    start = DayField(
        label=_("Joined and left from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    end = DayField(label=_("until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def dates(self) -> tuple[datetime.date, datetime.date, datetime.date]:
        today = timezone.localdate()
        data = self.cleaned_data if self.is_valid() else {}
        end = data.get("end") or today
        start = data.get("start") or end - datetime.timedelta(days=365)
        return data.get("on") or today, start, end


class PersonForm(forms.Form):
    display_name = forms.CharField(
        label=_("Display name"),
        max_length=120,
        help_text=_("A pseudonym is fine. Never write immigration status or ID numbers."),
    )
    contact = forms.CharField(
        label=_("Contact (optional)"),
        max_length=200,
        required=False,
        help_text=_("Only the secretariat and your organization see it."),
    )


class CoordinatorForm(forms.Form):
    display_name = forms.CharField(
        label=_("Name"),
        max_length=120,
        help_text=_("Used for a new account; a pseudonym is fine."),
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("A link to choose a password is sent there."),
    )


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Member list (CSV or XLSX)"))
    dry_run = forms.BooleanField(
        label=_("Dry run: check every row and show what would happen, write nothing"),
        required=False,
        initial=True,
    )


class OrganizationChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj} · {obj.country.display_name}"


class ChapterForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    acronym = forms.CharField(label=_("Acronym"), max_length=30, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=Chapter.Kind.choices)
    region = NamedChoiceField(label=_("Region"), queryset=Region.objects.all())
    country = NamedChoiceField(
        label=_("Country"),
        queryset=Country.objects.all(),
        required=False,
        help_text=_("Required for a national chapter."),
    )
    email = forms.EmailField(label=_("E-mail address"), required=False)
    organizations = OrganizationChoices(
        label=_("Member organizations"),
        queryset=Organization.objects.current_members().select_related("country"),
        required=False,
        help_text=_("Hold Ctrl (or Cmd) to choose several."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = _choice_field(self, "country")
        field.choices = [("", "---------"), *_sorted_by_name(field.queryset)]


class ChapterDetailsForm(ChapterForm):
    """A chapter's name and details (its members change on their own page)."""

    renamed_on = DayField(
        label=_("Renamed on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_(
            "If the name or acronym changes: the day the new one was adopted (empty: today). "
            "The old one is kept among the chapter's former names."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["organizations"]
        for code, language_name in settings.LANGUAGES:
            self.fields[f"description_{code}"] = forms.CharField(
                label=_("Short description in %(language)s") % {"language": language_name},
                max_length=600,
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        self.order_fields(["name", "acronym", "renamed_on"])

    @classmethod
    def initial_for(cls, chapter: Chapter) -> dict[str, Any]:
        initial: dict[str, Any] = {
            name: getattr(chapter, name)
            for name in ("name", "acronym", "kind", "region", "country", "email")
        }
        for code, text in chapter.description.items():
            initial[f"description_{code}"] = text
        return initial

    def changes(self) -> dict[str, Any]:
        data = self.cleaned_data
        changes = {
            name: data[name] for name in ("name", "acronym", "kind", "region", "country", "email")
        }
        changes["description"] = {
            code: data[f"description_{code}"]
            for code, _name in settings.LANGUAGES
            if data.get(f"description_{code}")
        }
        return changes
