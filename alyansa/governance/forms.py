from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alyansa.core.bounds import CountField, DayField
from alyansa.core.languages import (
    add_language_fields,
    add_name_fields,
    default_name_field,
    language_values,
)
from alyansa.governance.models import Body, Mandate, Seat, Term
from alyansa.members.models import Person, Region


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.label} ({obj.organization})" if obj.organization else obj.label


class TermForm(forms.Form):
    label = forms.CharField(label=_("Label"), max_length=100, help_text=_("e.g. 2027-2030"))
    starts_on = DayField(label=_("Starts on"), widget=forms.DateInput(attrs={"type": "date"}))
    opened_by = forms.CharField(
        label=_("Opened by"), max_length=200, help_text=_("The assembly that elected the body.")
    )


class MandateForm(forms.Form):
    term = forms.ModelChoiceField(label=_("Term"), queryset=Term.objects.none())
    seat = forms.ModelChoiceField(label=_("Seat"), queryset=Seat.objects.none())
    person = PersonChoiceField(
        label=_("Person"),
        queryset=Person.objects.filter(erased_at__isnull=True)
        .select_related("organization")
        .order_by("organization__name", "display_name"),
    )
    alternate_rank = CountField(
        label=_("Alternate rank"),
        required=False,
        min_value=1,
        help_text=_("Empty for a holder; 1, 2, ... for alternates."),
    )
    starts_on = DayField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Empty: the start of the term."),
    )

    def __init__(self, *args: Any, body: Body, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["term"].queryset = Term.objects.filter(body=body)  # type: ignore[attr-defined]
        self.fields["seat"].queryset = Seat.objects.filter(body=body)  # type: ignore[attr-defined]


class MandateChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        if obj.alternate_rank is not None:
            return _("%(seat)s: %(name)s (alternate %(rank)d)") % {
                "seat": obj.seat,
                "name": obj.public_name,
                "rank": obj.alternate_rank,
            }
        return f"{obj.seat}: {obj.public_name}"


class MandateEndForm(forms.Form):
    """End a mandate early (resignation, death, the organization left)."""

    mandate = MandateChoiceField(label=_("Mandate"), queryset=Mandate.objects.none())
    ends_on = DayField(label=_("Last day"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(
        label=_("Why it ends"), max_length=200, help_text=_("e.g. resigned; the organization left")
    )

    def __init__(self, *args: Any, body: Body, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mandate"].queryset = (  # type: ignore[attr-defined]
            Mandate.objects.on(timezone.localdate())
            .filter(seat__body=body)
            .select_related("seat")
            .order_by("seat__position", "seat_id", "alternate_rank", "public_name")
        )


class AmendmentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(label=_("Full text of the new version"), widget=forms.Textarea)
    summary = forms.CharField(
        label=_("What changed"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    adopted_on = DayField(label=_("Adopted on"), widget=forms.DateInput(attrs={"type": "date"}))
    ratified_by = forms.CharField(
        label=_("Ratified by"),
        max_length=200,
        help_text=_("The assembly that ratified the amendment."),
    )


class BodyForm(forms.Form):
    """A governing body's name (and its name in each language), kind, electing body and
    description."""

    name = default_name_field(200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Body.Kind.choices)
    elected_by = forms.ModelChoiceField(
        label=_("Elected by"),
        queryset=Body.objects.none(),
        required=False,
        help_text=_(
            "For a body elected by another from among its members, such as the executive "
            "committee by the coordinating body."
        ),
    )

    FIELDS = ("name", "kind", "elected_by")

    def __init__(self, *args: Any, body: Body | None = None, **kwargs: Any) -> None:
        if body is not None:
            kwargs.setdefault("initial", {field: getattr(body, field) for field in self.FIELDS})
        super().__init__(*args, **kwargs)
        others = Body.objects.order_by("position", "name")
        self.fields["elected_by"].queryset = (  # type: ignore[attr-defined]
            others.exclude(pk=body.pk) if body is not None else others
        )
        add_name_fields(self, max_length=200, names=body.names if body else None)
        add_language_fields(
            self,
            "description",
            _("Description in %(language)s"),
            max_length=1000,
            initial=body.description if body is not None else None,
            textarea=True,
        )

    def values(self) -> dict[str, Any]:
        """The service's keyword arguments."""
        values = {field: self.cleaned_data[field] for field in self.FIELDS}
        return {
            **values,
            "names": language_values(self, "name"),
            "description": language_values(self, "description"),
        }


class SeatForm(forms.Form):
    """One seat rule: what kind of seat, how many hold it, who chooses and who may hold it."""

    name = default_name_field(200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Seat.Kind.choices)
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.order_by("position", "name"),
        required=False,
        help_text=_(
            "For a regional seat, and for a seat that goes to the full members of a region."
        ),
    )
    holders = CountField(label=_("Number of holders"), min_value=1, initial=1)
    alternates = CountField(label=_("Number of alternates"), min_value=0, initial=0)
    chosen_by = forms.ChoiceField(label=_("Chosen by"), choices=Seat.ChosenBy.choices)
    eligible = forms.ChoiceField(
        label=_("Who may hold it"), choices=Seat.Eligible.choices, initial=Seat.Eligible.ANY
    )

    FIELDS = ("name", "kind", "region", "holders", "alternates", "chosen_by", "eligible")

    def __init__(self, *args: Any, seat: Seat | None = None, **kwargs: Any) -> None:
        if seat is not None:
            kwargs.setdefault("initial", {field: getattr(seat, field) for field in self.FIELDS})
        super().__init__(*args, **kwargs)
        add_name_fields(self, max_length=200, names=seat.names if seat else None)

    def values(self) -> dict[str, Any]:
        """The service's keyword arguments."""
        values = {field: self.cleaned_data[field] for field in self.FIELDS}
        return {**values, "names": language_values(self, "name")}
