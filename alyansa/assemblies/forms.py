"""Forms of the assembly pages. They check shapes; the rules live in services."""

from __future__ import annotations

import datetime
import zoneinfo
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alyansa.assemblies.fields import DelegateChoiceField
from alyansa.assemblies.models import (
    Amendment,
    Assembly,
    ItemKind,
    Outcome,
    Participant,
    ProxyScope,
    QuorumBasisChoice,
    ThresholdChoice,
    VoteMode,
    validate_time_zone,
)
from alyansa.core.bounds import MAX_ID, CountField, MomentField
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
    starts = MomentField(label=_("Starts (local time)"))
    ends = MomentField(label=_("Ends (local time)"))
    venue = forms.CharField(label=_("Venue"), max_length=300, required=False)
    hybrid = forms.BooleanField(label=_("Delegates may also take part online"), required=False)
    vote_mode = forms.ChoiceField(label=_("Votes"), choices=VoteMode.choices)
    delegate_quota = CountField(
        label=_("Delegates per member organization"), min_value=1, max_value=100, initial=2
    )
    proxy_scope = forms.ChoiceField(label=_("A proxy may go to"), choices=ProxyScope.choices)
    proxy_cap = CountField(
        label=_("Proxies one delegate may hold"), min_value=0, max_value=20, initial=1
    )
    quorum_percent = CountField(
        label=_("Quorum (percent of the registered voting strength)"),
        min_value=0,
        max_value=100,
        initial=50,
    )
    speaking_seconds = CountField(
        label=_("Speaking time (seconds)"), min_value=10, max_value=3600, initial=180
    )
    # The rules for decisions (a fieldset of their own on the page). A form sent without them
    # keeps the defaults, or the assembly's rules unchanged.
    quorum_basis = forms.ChoiceField(
        required=False,
        label=_("The quorum counts"),
        choices=QuorumBasisChoice.choices,
        initial=QuorumBasisChoice.PRESENT_VOTING_DELEGATES,
        help_text=_(
            "Voting delegates present when the poll opens, or the ballots cast in it. Either "
            "must reach the quorum percentage of the registered voting strength."
        ),
    )
    threshold_procedural = forms.ChoiceField(
        required=False,
        label=_("Procedural approvals (agenda, rules)"),
        choices=ThresholdChoice.choices,
        initial=ThresholdChoice.MAJORITY_EXCLUDING_ABSTENTIONS,
    )
    threshold_admission = forms.ChoiceField(
        required=False,
        label=_("Admission of member organizations"),
        choices=ThresholdChoice.choices,
        initial=ThresholdChoice.MAJORITY_EXCLUDING_ABSTENTIONS,
    )
    threshold_report = forms.ChoiceField(
        required=False,
        label=_("Reports"),
        choices=ThresholdChoice.choices,
        initial=ThresholdChoice.MAJORITY_EXCLUDING_ABSTENTIONS,
    )
    threshold_motion = forms.ChoiceField(
        required=False,
        label=_("Motions, resolutions and other questions"),
        choices=ThresholdChoice.choices,
        initial=ThresholdChoice.MAJORITY_EXCLUDING_ABSTENTIONS,
    )
    threshold_constitutional = forms.ChoiceField(
        required=False,
        label=_("Constitutional amendments"),
        choices=ThresholdChoice.choices,
        initial=ThresholdChoice.TWO_THIRDS,
    )

    RULE_FIELDS = (
        "quorum_percent",
        "quorum_basis",
        "threshold_procedural",
        "threshold_admission",
        "threshold_report",
        "threshold_motion",
        "threshold_constitutional",
    )

    def setup_fields(self) -> list[forms.BoundField]:
        return [field for field in self if field.name not in self.RULE_FIELDS]

    def rule_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.RULE_FIELDS]

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
            **{name: getattr(assembly, name) for name in cls.RULE_FIELDS},
        }
        return cls(data, initial=initial)

    def setup(self) -> dict[str, Any]:
        """The cleaned values as the services take them (aware datetimes in the zone)."""
        data = dict(self.cleaned_data)
        for name in self.RULE_FIELDS:
            if data.get(name) in ("", None):
                data.pop(name, None)  # not sent: the default (new) or unchanged (edit)
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
    holder = CountField(label=_("Hand my vote to"), min_value=1, max_value=MAX_ID)


class ProxyRecordForm(forms.Form):
    """A written proxy handed in at the desk: the rules are proxy_grant's (services/proxies.py)."""

    giver = DelegateChoiceField(
        label=_("Delegate who gives their vote"),
        queryset=Participant.objects.none(),
        show_presence=True,
    )
    holder = DelegateChoiceField(
        label=_("Delegate who holds it"),
        queryset=Participant.objects.none(),
        show_presence=True,
        help_text=_("Present, of the same organization (or region, if the assembly allows it)."),
    )

    def __init__(self, delegates: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["giver"].queryset = delegates  # type: ignore[attr-defined]
        self.fields["holder"].queryset = delegates  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("giver") and data.get("giver") == data.get("holder"):
            raise forms.ValidationError(_("A delegate cannot be their own proxy."))
        return data


class AllocationForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("Organization"),
        queryset=Organization.objects.current_members().order_by("name"),
        to_field_name="slug",
    )
    quota = CountField(
        label=_("Delegates (empty: the assembly's default)"),
        min_value=0,
        max_value=100,
        required=False,
    )
    weight = CountField(label=_("Weight of its vote"), min_value=0, max_value=1000, initial=1)


class MoveForm(forms.Form):
    position = CountField(label=_("Move to place"), min_value=1)
