"""Forms of the assembly pages. They check shapes; the rules live in services."""

from __future__ import annotations

import datetime
import zoneinfo
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alyansa.assemblies.models import (
    Amendment,
    Assembly,
    ItemKind,
    Outcome,
    Participant,
    ProxyScope,
    VoteMode,
    validate_time_zone,
)
from alyansa.members.models import Organization


class AssemblyForm(forms.Form):
    """Set-up. Times are typed in the assembly's own zone and stored in UTC."""

    title = forms.CharField(label=_("Title"), max_length=200)
    theme = forms.CharField(label=_("Theme"), max_length=300, required=False)
    time_zone = forms.CharField(
        label=_("Time zone"),
        max_length=64,
        initial="UTC",
        validators=[validate_time_zone],
        help_text=_("For example Asia/Manila or Europe/Brussels."),
    )
    starts = forms.DateTimeField(label=_("Starts (local time)"))
    ends = forms.DateTimeField(label=_("Ends (local time)"))
    venue = forms.CharField(label=_("Venue"), max_length=300, required=False)
    hybrid = forms.BooleanField(label=_("Delegates may also take part online"), required=False)
    vote_mode = forms.ChoiceField(label=_("Votes"), choices=VoteMode.choices)
    delegate_quota = forms.IntegerField(
        label=_("Delegates per member organization"), min_value=1, max_value=100, initial=2
    )
    proxy_scope = forms.ChoiceField(label=_("A proxy may go to"), choices=ProxyScope.choices)
    proxy_cap = forms.IntegerField(
        label=_("Proxies one delegate may hold"), min_value=0, max_value=20, initial=1
    )
    quorum_percent = forms.IntegerField(
        label=_("Quorum (percent of the registered voting strength)"),
        min_value=0,
        max_value=100,
        initial=50,
    )
    speaking_seconds = forms.IntegerField(
        label=_("Speaking time (seconds)"), min_value=10, max_value=3600, initial=180
    )

    @classmethod
    def for_assembly(cls, assembly: Assembly, data: Any = None) -> AssemblyForm:
        zone = assembly.zone
        initial = {
            "title": assembly.title,
            "theme": assembly.theme,
            "time_zone": assembly.time_zone,
            "starts": timezone.localtime(assembly.starts_at, zone).replace(tzinfo=None),
            "ends": timezone.localtime(assembly.ends_at, zone).replace(tzinfo=None),
            "venue": assembly.venue,
            "hybrid": assembly.hybrid,
            "vote_mode": assembly.vote_mode,
            "delegate_quota": assembly.delegate_quota,
            "proxy_scope": assembly.proxy_scope,
            "proxy_cap": assembly.proxy_cap,
            "quorum_percent": assembly.quorum_percent,
            "speaking_seconds": assembly.speaking_seconds,
        }
        return cls(data, initial=initial)

    def setup(self) -> dict[str, Any]:
        """The cleaned values as the services take them (aware datetimes in the zone)."""
        data = dict(self.cleaned_data)
        zone = zoneinfo.ZoneInfo(data["time_zone"])
        data["starts_at"] = _aware(data.pop("starts"), zone)
        data["ends_at"] = _aware(data.pop("ends"), zone)
        return data


def _aware(value: datetime.datetime, zone: zoneinfo.ZoneInfo) -> datetime.datetime:
    # The browser sends a wall-clock time; it means the assembly's zone, not the server's.
    return value.replace(tzinfo=None).replace(tzinfo=zone)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Assembly.Status.choices)


class ParticipantForm(forms.Form):
    display_name = forms.CharField(
        label=_("Name or pseudonym"),
        max_length=120,
        help_text=_("A pseudonym is fine. Nothing else about the person is asked for."),
    )
    kind = forms.ChoiceField(label=_("Takes part as"), choices=Participant.Kind.choices)


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Badge code"),
        max_length=200,
        help_text=_("Type the code printed under the QR code, or scan it."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class ItemForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ItemKind.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea, required=False)
    organization = forms.ModelChoiceField(
        label=_("Organization to admit"),
        queryset=Organization.objects.order_by("name"),
        required=False,
        to_field_name="slug",
    )
    constitution_text = forms.CharField(
        label=_("The constitution as amended"), widget=forms.Textarea, required=False
    )


class ItemEditForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea, required=False)
    notes = forms.CharField(label=_("Notes for the minutes"), widget=forms.Textarea, required=False)


class TranslationForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea, required=False)


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)
    additions = forms.CharField(
        label=_("Additions approved with it"), widget=forms.Textarea, required=False
    )


class AmendmentForm(forms.Form):
    text = forms.CharField(label=_("Amendment"), widget=forms.Textarea)
    proposed_by = forms.CharField(label=_("Proposed by"), max_length=200, required=False)


class AmendmentDecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[c for c in Amendment.Outcome.choices if c[0] != Amendment.Outcome.PENDING],
    )


class ProxyForm(forms.Form):
    holder = forms.IntegerField(label=_("Hand my vote to"))


class AllocationForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("Organization"),
        queryset=Organization.objects.current_members().order_by("name"),
        to_field_name="slug",
    )
    quota = forms.IntegerField(
        label=_("Delegates (empty: the assembly's default)"),
        min_value=0,
        max_value=100,
        required=False,
    )
    weight = forms.IntegerField(
        label=_("Weight of its vote"), min_value=0, max_value=1000, initial=1
    )


class MoveForm(forms.Form):
    position = forms.IntegerField(label=_("Move to place"), min_value=1)
