"""Forms of the program's pages: each says what is wrong in a sentence."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from alyansa.assemblies.models import AgendaItem, ItemKind
from alyansa.programs.models import TargetState


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
