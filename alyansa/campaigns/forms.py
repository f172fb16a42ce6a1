"""Forms of the campaigns app: the coordinator's answer and report (small enough for one phone
screen), and the secretariat's campaign and call."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from alyansa.campaigns.models import Audience, CallKind, Campaign, DeclineReason
from alyansa.campaigns.services.answers import MAX_PARTICIPANTS, MAX_PHOTOS, MAX_SUMMARY
from alyansa.campaigns.services.campaigns import MAX_OFFSET_DAYS
from alyansa.core.bounds import CountField, DayField
from alyansa.core.languages import add_language_fields, language_values
from alyansa.governance.models import Body
from alyansa.members.models import Chapter, Country, Organization, Region
from alyansa.statements.models import Statement, Topic

DATE = forms.DateInput(attrs={"type": "date"})


def links_from_text(text: str) -> list[dict[str, str]]:
    return [{"title": "", "url": line.strip()} for line in text.splitlines() if line.strip()]


def links_as_text(links: list[dict[str, str]]) -> str:
    return "\n".join(link["url"] for link in links)


class LinksField(forms.CharField):
    """Links, one per line; each must start with https:// or http://."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 2}))
        super().__init__(
            required=False,
            max_length=4000,
            help_text=_("One address per line, starting with https://"),
            **kwargs,
        )

    def clean(self, value: Any) -> list[dict[str, str]]:  # type: ignore[override]
        links = links_from_text(super().clean(value))
        for link in links:
            if not link["url"].startswith(("https://", "http://")):
                raise ValidationError(_("Each link starts with https:// or http://."))
        if len(links) > 20:
            raise ValidationError(_("At most 20 links."))
        return links


class PledgeForm(forms.Form):
    planned_on = DayField(label=_("Planned date"), required=False, widget=DATE)
    city = forms.CharField(label=_("City"), max_length=100, required=False)


class DeclineForm(forms.Form):
    reason = forms.ChoiceField(label=_("Why not"), choices=DeclineReason.choices)
    note = forms.CharField(
        label=_("In your words (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class PhotoInput(forms.FileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", PhotoInput(attrs={"accept": "image/*"}))
        super().__init__(required=False, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        items = data if isinstance(data, (list, tuple)) else [data]
        cleaned = [single(item, initial) for item in items if item]
        if len(cleaned) > MAX_PHOTOS:
            raise ValidationError(_("At most %(count)d photos.") % {"count": MAX_PHOTOS})
        return cleaned


class ReportForm(forms.Form):
    """What happened. Never asks for names of people: how many took part is a number or a
    range."""

    key = forms.CharField(widget=forms.HiddenInput, max_length=64)
    summary = forms.CharField(
        label=_("What happened"),
        max_length=MAX_SUMMARY,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    held_on = DayField(label=_("Date"), widget=DATE)
    held_until = DayField(label=_("Until (if several days)"), required=False, widget=DATE)
    city = forms.CharField(label=_("City"), max_length=100)
    country = forms.ModelChoiceField(label=_("Country"), queryset=Country.objects.all())
    participants_low = CountField(
        label=_("How many took part"), max_value=MAX_PARTICIPANTS, required=False, min_value=0
    )
    participants_high = CountField(
        label=_("Up to (for a range)"), max_value=MAX_PARTICIPANTS, required=False, min_value=0
    )
    partners = forms.CharField(label=_("Partners"), max_length=300, required=False)
    links = LinksField(label=_("Links"))
    photos = PhotosField(label=_("Photos"))
    photos_public = forms.BooleanField(
        label=_("The people in the photos agree that the public may see them"), required=False
    )
    is_public = forms.BooleanField(label=_("Show this report on the public page"), required=False)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        low, high = data.get("participants_low"), data.get("participants_high")
        if low is not None and high is not None and high < low:
            self.add_error("participants_high", _("The upper end is below the lower end."))
        return data


class CancelForm(forms.Form):
    note = forms.CharField(label=_("Why is it cancelled?"), max_length=500)


def _offsets(text: str) -> list[int]:
    try:
        offsets = [int(part) for part in text.replace(";", ",").split(",") if part.strip()]
    except ValueError as error:
        raise ValidationError(_("Give whole numbers of days, separated by commas.")) from error
    if any(abs(offset) > MAX_OFFSET_DAYS for offset in offsets) or len(offsets) > 10:
        raise ValidationError(
            _("At most ten reminders, each at most %(days)d days from the action.")
            % {"days": MAX_OFFSET_DAYS}
        )
    return offsets


class CallForm(forms.Form):
    campaign = forms.ModelChoiceField(
        label=_("Campaign"), queryset=Campaign.objects.all(), required=False
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=CallKind.choices)
    starts_on = DayField(label=_("Day of action"), widget=DATE)
    ends_on = DayField(label=_("Last day (for a window)"), required=False, widget=DATE)
    report_by = DayField(label=_("Report back by"), widget=DATE)
    audience = forms.ChoiceField(label=_("Who is called"), choices=Audience.choices)
    regions = forms.ModelMultipleChoiceField(
        label=_("Regions"), queryset=Region.objects.all(), required=False
    )
    chapters = forms.ModelMultipleChoiceField(
        label=_("Chapters"), queryset=Chapter.objects.all(), required=False
    )
    countries = forms.ModelMultipleChoiceField(
        label=_("Countries"),
        queryset=Country.objects.filter(organizations__isnull=False).distinct(),
        required=False,
    )
    organizations = forms.ModelMultipleChoiceField(
        label=_("Chosen organizations"),
        queryset=Organization.objects.current_members(),
        required=False,
    )
    statements = forms.ModelMultipleChoiceField(
        label=_("Statements"), queryset=Statement.objects.published(), required=False
    )
    links = LinksField(label=_("Links to materials"))
    reminder_offsets = forms.CharField(
        label=_("Reminders (days from the action)"),
        initial="-14, -3, 2",
        max_length=100,
        required=False,
        help_text=_(
            "Negative: days before the action; positive: days after its last day. Only "
            "organizations that have not answered are reminded."
        ),
    )
    is_public = forms.BooleanField(label=_("Public"), required=False, initial=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        add_language_fields(self, "title", _("Title in %(language)s"), max_length=200)
        add_language_fields(
            self,
            "text",
            _("What to do, in %(language)s (Markdown)"),
            max_length=20_000,
            textarea=True,
        )

    def clean_reminder_offsets(self) -> list[int]:
        return _offsets(self.cleaned_data.get("reminder_offsets", ""))

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "campaign": data["campaign"],
            "title": data["title"],
            "titles": language_values(self, "title"),
            "text": language_values(self, "text"),
            "kind": data["kind"],
            "starts_on": data["starts_on"],
            "ends_on": data["ends_on"],
            "report_by": data["report_by"],
            "audience": data["audience"],
            "regions": data["regions"],
            "chapters": data["chapters"],
            "countries": data["countries"],
            "organizations": data["organizations"],
            "statements": data["statements"],
            "links": data["links"],
            "reminder_offsets": data["reminder_offsets"],
            "is_public": data["is_public"],
        }


class CampaignForm(forms.Form):
    slug = forms.SlugField(label=_("Address"), max_length=80)
    name = forms.CharField(label=_("Name"), max_length=200)
    starts_on = DayField(label=_("Starts on"), widget=DATE)
    ends_on = DayField(label=_("Ends on"), required=False, widget=DATE)
    lead_chapter = forms.ModelChoiceField(
        label=_("Led by a chapter"), queryset=Chapter.objects.all(), required=False
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"), queryset=Topic.objects.all(), required=False
    )
    statements = forms.ModelMultipleChoiceField(
        label=_("Statements"), queryset=Statement.objects.published(), required=False
    )
    links = LinksField(label=_("Links to materials"))
    is_public = forms.BooleanField(label=_("Public"), required=False, initial=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead_body"] = forms.ModelChoiceField(
            label=_("Led by a body"), queryset=Body.objects.all(), required=False
        )
        add_language_fields(self, "name", _("Name in %(language)s"), max_length=200)
        add_language_fields(
            self, "goals", _("Goals in %(language)s (Markdown)"), max_length=20_000, textarea=True
        )

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "names": language_values(self, "name"),
            "goals": language_values(self, "goals"),
            "starts_on": data["starts_on"],
            "ends_on": data["ends_on"],
            "lead_body": data["lead_body"],
            "lead_chapter": data["lead_chapter"],
            "topics": data["topics"],
            "statements": data["statements"],
            "links": data["links"],
            "is_public": data["is_public"],
        }
