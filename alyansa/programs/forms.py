"""Forms of the program's pages: each says what is wrong in a sentence."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from alyansa.assemblies.models import AgendaItem, ItemKind
from alyansa.campaigns.models import CallKind
from alyansa.engagements.models import Kind as EngagementKind
from alyansa.governance.models import Body
from alyansa.members import public
from alyansa.members.models import Chapter, Organization, Region
from alyansa.programs.models import Owner, Program, Source, TargetState
from alyansa.programs.services import Amendment, TargetFields
from alyansa.statements.models import Topic


class StateForm(forms.Form):
    state = forms.ChoiceField(label=_("State"), choices=TargetState.choices)
    reason = forms.CharField(
        label=_("Why it was dropped"), required=False, max_length=2000, widget=forms.Textarea
    )


class FigureForm(forms.Form):
    value = forms.IntegerField(label=_("Figure"), min_value=0, max_value=10_000_000)
    note = forms.CharField(label=_("Where it comes from"), max_length=2000, widget=forms.Textarea)


class ReportEditForm(forms.Form):
    text = forms.CharField(label=_("Text"), max_length=100_000, widget=forms.Textarea)


class PresentForm(forms.Form):
    item = forms.ModelChoiceField(
        label=_("Report item of an assembly's agenda"),
        queryset=AgendaItem.objects.filter(kind=ItemKind.REPORT, outcome="").select_related(
            "assembly"
        ),
    )


# Drafting and changing a program's text (the secretariat's pages).


class MotionField(forms.ModelChoiceField):
    """A motion, named with its assembly."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.assembly.title}: {obj.title}"


class OrganizationsField(forms.ModelMultipleChoiceField):
    """Organizations named as the one who chooses may see them (the public projection)."""

    user: Any = None

    def label_from_instance(self, obj: Any) -> str:
        return public.organization(obj, self.user).label


class DraftForm(forms.Form):
    """A program for a motion of an assembly that is not decided yet and carries none."""

    item = MotionField(
        label=_("Motion of an assembly's agenda"),
        queryset=AgendaItem.objects.none(),
        error_messages={"invalid_choice": _("Choose a motion that is not decided yet.")},
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_on = forms.DateField(
        label=_("Term starts"), widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(
        label=_("Term ends (the next assembly)"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        item_field = self.fields["item"]
        assert isinstance(item_field, forms.ModelChoiceField)
        item_field.queryset = (
            AgendaItem.objects.filter(kind=ItemKind.MOTION, outcome="")
            .exclude(pk__in=Program.objects.values("item_id"))
            .select_related("assembly")
            .order_by("-assembly_id", "position")
        )

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean() or {}
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on <= starts_on:
            self.add_error("ends_on", _("The term ends after it starts."))
        return cleaned


class ChangeForm(forms.Form):
    """A change to a program's text. For an adopted program it names the decision of the body
    that amends it (`Amendment`): which body, on what day, its reference and what changed."""

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.program = program
        if program.is_adopted:
            self.fields["amendment_body"] = forms.ModelChoiceField(
                label=_("Body whose decision amends the program"),
                queryset=Body.objects.order_by("position", "name"),
            )
            self.fields["amendment_decided_on"] = forms.DateField(
                label=_("Decided on"), widget=forms.DateInput(attrs={"type": "date"})
            )
            self.fields["amendment_reference"] = forms.CharField(
                label=_("Reference of the decision (minutes, resolution)"),
                max_length=200,
                required=False,
            )
            self.fields["amendment_summary"] = forms.CharField(
                label=_("What changed"), max_length=2000, required=False, widget=forms.Textarea
            )

    def amendment(self) -> Amendment | None:
        if not self.program.is_adopted:
            return None
        data = self.cleaned_data
        return Amendment(
            body=data["amendment_body"],
            decided_on=data["amendment_decided_on"],
            reference=data["amendment_reference"],
            summary=data["amendment_summary"],
        )


class AreaForm(ChangeForm):
    title = forms.CharField(label=_("Title of the area"), max_length=200)
    field_order = ["title"]


class GoalForm(ChangeForm):
    text = forms.CharField(label=_("Goal"), max_length=500, widget=forms.Textarea)
    field_order = ["text"]


class TargetForm(ChangeForm):
    """What a target says (`TargetFields`): what, who carries it, by when, and its indicator
    with where its figure comes from and the number to reach."""

    text = forms.CharField(label=_("What"), max_length=500, widget=forms.Textarea)
    owner = forms.ChoiceField(label=_("Carried by"), choices=Owner.choices)
    owner_body = forms.ModelChoiceField(
        label=_("The governing body"), queryset=Body.objects.order_by("position"), required=False
    )
    owner_region = forms.ModelChoiceField(
        label=_("The region"), queryset=Region.objects.all(), required=False
    )
    owner_chapter = forms.ModelChoiceField(
        label=_("The chapter"), queryset=Chapter.objects.all(), required=False
    )
    owner_organizations = OrganizationsField(
        label=_("The organizations"), queryset=Organization.objects.none(), required=False
    )
    due_on = forms.DateField(label=_("By when"), widget=forms.DateInput(attrs={"type": "date"}))
    indicator = forms.CharField(label=_("Indicator"), max_length=200, required=False)
    source = forms.ChoiceField(label=_("Counted from"), choices=Source.choices)
    source_kind = forms.ChoiceField(
        label=_("Kind counted (calls to action or engagements)"),
        choices=[
            ("", "—"),
            (_("Calls to action"), CallKind.choices),
            (_("Engagements"), EngagementKind.choices),
        ],
        required=False,
    )
    source_topic = forms.ModelChoiceField(
        label=_("Topic of the statements counted"), queryset=Topic.objects.all(), required=False
    )
    goal_value = forms.IntegerField(
        label=_("Number to reach"), min_value=1, max_value=10_000_000, required=False
    )
    field_order = [
        "text",
        "owner",
        "owner_body",
        "owner_region",
        "owner_chapter",
        "owner_organizations",
        "due_on",
        "indicator",
        "source",
        "source_kind",
        "source_topic",
        "goal_value",
    ]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        orgs = self.fields["owner_organizations"]
        assert isinstance(orgs, OrganizationsField)
        orgs.queryset = public.nameable(Organization.objects.order_by("name"), user)
        orgs.user = user

    def target_fields(self) -> TargetFields:
        data = self.cleaned_data
        return TargetFields(
            text=data["text"],
            owner=data["owner"],
            due_on=data["due_on"],
            owner_body=data["owner_body"],
            owner_region=data["owner_region"],
            owner_chapter=data["owner_chapter"],
            owner_organizations=list(data["owner_organizations"]),
            indicator=data["indicator"],
            goal_value=data["goal_value"],
            source=data["source"],
            source_kind=data["source_kind"],
            source_topic=data["source_topic"],
        )
