"""The secretariat's forms. Each checks its input and says what is wrong in words; the rules
that need the database (a cancelled engagement, a person already in the delegation) are the
services', whose refusals the views show beside the form."""

from __future__ import annotations

import datetime
import zoneinfo
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from alyansa.accounts.models import User
from alyansa.assemblies.models import AgendaItem, ItemKind
from alyansa.core.bounds import DayField
from alyansa.core.languages import add_language_fields, language_values
from alyansa.engagements.models import Accreditation, Engagement, Kind, Role
from alyansa.engagements.services import EngagementFields, known_time_zones
from alyansa.governance.models import Body
from alyansa.members.models import Language, Person, Region
from alyansa.statements.models import Statement

COMMON_ZONES = [
    "Europe/Zurich",
    "America/New_York",
    "Asia/Bangkok",
    "Europe/Brussels",
    "Africa/Nairobi",
    "Asia/Manila",
    "America/Mexico_City",
    "UTC",
]


class LocalTimeField(forms.DateTimeField):
    """A date and time as on the event's clock (its zone is chosen beside it)."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]

    def to_python(self, value: Any) -> datetime.datetime | None:
        # Read as written, without the site's zone: the form puts it in the event's zone.
        moment = super().to_python(value)
        if moment is None:
            return None
        naive = moment.replace(tzinfo=None)
        if not 1900 <= naive.year <= 2199:
            raise forms.ValidationError(_("Give a date from 1900 to 2199."))
        return naive


class EngagementForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    organizer = forms.CharField(label=_("Organizer"), max_length=200, required=False)
    starts = LocalTimeField(label=_("Starts (local time)"))
    ends = LocalTimeField(label=_("Ends (local time)"))
    time_zone = forms.CharField(
        label=_("Time zone"),
        max_length=64,
        initial="Europe/Zurich",
        help_text=_("Where the event takes place, such as Europe/Zurich, America/New_York."),
        widget=forms.TextInput(attrs={"list": "time-zones"}),
    )
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    online = forms.BooleanField(label=_("Online"), required=False)
    online_url = forms.URLField(
        label=_("Address to follow online"), required=False, assume_scheme="https"
    )
    description = forms.CharField(
        label=_("Description"), required=False, max_length=20_000, widget=forms.Textarea
    )
    is_public = forms.BooleanField(
        label=_("Public (on the calendar and in its feeds)"), required=False, initial=True
    )
    languages = forms.ModelMultipleChoiceField(
        label=_("Languages"), queryset=Language.objects.all(), required=False
    )
    regions = forms.ModelMultipleChoiceField(
        label=_("Regions concerned"),
        queryset=Region.objects.all(),
        required=False,
        help_text=_("Leave empty for a global engagement."),
    )
    bodies = forms.ModelMultipleChoiceField(
        label=_("Governing bodies"), queryset=Body.objects.all(), required=False
    )
    statements = forms.ModelMultipleChoiceField(
        label=_("Statements presented"),
        queryset=Statement.objects.published().order_by("-issued_on"),
        required=False,
    )

    def __init__(self, *args: Any, engagement: Engagement | None = None, **kwargs: Any) -> None:
        if engagement is not None:
            kwargs.setdefault("initial", initial_of(engagement))
        super().__init__(*args, **kwargs)
        initial = kwargs.get("initial") or {}
        add_language_fields(
            self,
            "title",
            _("Title in %(language)s"),
            max_length=300,
            initial=initial.get("titles"),
        )
        add_language_fields(
            self,
            "description",
            _("Description in %(language)s"),
            max_length=20_000,
            initial=initial.get("descriptions"),
            textarea=True,
        )

    def clean_time_zone(self) -> str:
        zone: str = self.cleaned_data["time_zone"].strip()
        if zone not in known_time_zones():
            raise forms.ValidationError(
                _("%(zone)s is not a time zone; give one such as Europe/Zurich."),
                params={"zone": zone},
            )
        return zone

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("place", "").strip() and not data.get("online"):
            self.add_error(
                "place", _("Say where the engagement takes place, or that it is online.")
            )
        starts, ends, zone = data.get("starts"), data.get("ends"), data.get("time_zone")
        if starts and ends and zone:
            tz = zoneinfo.ZoneInfo(zone)
            data["starts_at"] = starts.replace(tzinfo=tz)
            data["ends_at"] = ends.replace(tzinfo=tz)
            if data["ends_at"] < data["starts_at"]:
                self.add_error("ends", _("The engagement ends before it starts."))
        return data

    def fields_data(self) -> EngagementFields:
        data = self.cleaned_data
        return EngagementFields(
            title=data["title"],
            kind=data["kind"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            time_zone=data["time_zone"],
            organizer=data["organizer"],
            place=data["place"],
            online=data["online"],
            online_url=data["online_url"],
            description=data["description"],
            titles=language_values(self, "title"),
            descriptions=language_values(self, "description"),
            is_public=data["is_public"],
            languages=list(data["languages"]),
            regions=list(data["regions"]),
            bodies=list(data["bodies"]),
            statements=list(data["statements"]),
        )


def initial_of(engagement: Engagement) -> dict[str, Any]:
    return {
        "title": engagement.title,
        "kind": engagement.kind,
        "organizer": engagement.organizer,
        "starts": engagement.local_start.replace(tzinfo=None),
        "ends": engagement.local_end.replace(tzinfo=None),
        "time_zone": engagement.time_zone,
        "place": engagement.place,
        "online": engagement.online,
        "online_url": engagement.online_url,
        "description": engagement.description,
        "is_public": engagement.is_public,
        "languages": list(engagement.languages.all()),
        "regions": list(engagement.regions.all()),
        "bodies": list(engagement.bodies.all()),
        "statements": list(engagement.statements.all()),
        "titles": engagement.titles,
        "descriptions": engagement.descriptions,
    }


class DelegateForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    accreditation = forms.ChoiceField(
        label=_("Accreditation"), choices=Accreditation.choices, initial=Accreditation.NOT_NEEDED
    )
    accreditation_reference = forms.CharField(
        label=_("Accrediting body's reference"), max_length=200, required=False
    )
    name_public = forms.BooleanField(
        label=_("The person agreed to be named publicly"),
        required=False,
        help_text=_("Tick only with the person's recorded consent."),
    )
    notes = forms.CharField(
        label=_("Internal notes (travel, visas): the secretariat only"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DelegateAddForm(DelegateForm):
    person = forms.ModelChoiceField(
        label=_("Person"),
        queryset=Person.objects.filter(erased_at__isnull=True).select_related("organization"),
    )
    field_order = ["person", "role", "accreditation", "accreditation_reference", "name_public"]


class InterventionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    speaker = forms.ModelChoiceField(
        label=_("Speaker"), queryset=Person.objects.none(), required=False
    )
    delivered_on = DayField(
        label=_("Delivered on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, engagement: Engagement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["speaker"].queryset = engagement.delegation.select_related("person")  # type: ignore[attr-defined]
        add_language_fields(
            self, "text", _("Text in %(language)s"), max_length=50_000, textarea=True
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not language_values(self, "text"):
            raise forms.ValidationError(
                _("Write the intervention's text in at least one language.")
            )
        return data


class OutcomeForm(forms.Form):
    outcome = forms.CharField(
        label=_("Outcome report"), max_length=50_000, widget=forms.Textarea(attrs={"rows": 6})
    )

    def __init__(self, *args: Any, engagement: Engagement, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"outcome": engagement.outcome})
        super().__init__(*args, **kwargs)
        add_language_fields(
            self,
            "outcome",
            _("Outcome report in %(language)s"),
            max_length=50_000,
            initial=engagement.outcomes,
            textarea=True,
        )


class FollowUpForm(forms.Form):
    title = forms.CharField(label=_("Task"), max_length=300)
    owner = forms.ModelChoiceField(
        label=_("Owner"),
        queryset=User.objects.filter(is_active=True).order_by("display_name", "email"),
    )
    due_on = DayField(label=_("Due on"), widget=forms.DateInput(attrs={"type": "date"}))


class ReportPeriodForm(forms.Form):
    start = DayField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = DayField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise forms.ValidationError(_("The period ends before it starts."))
        return data


def report_items() -> Any:
    return (
        AgendaItem.objects.filter(kind=ItemKind.REPORT, outcome="")
        .select_related("assembly")
        .order_by("-assembly__starts_at", "position")
    )


class ReportAttachForm(ReportPeriodForm):
    item = forms.ModelChoiceField(label=_("Attach to the agenda item"), queryset=report_items())
