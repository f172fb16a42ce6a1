"""Form fields that more than one app's forms use (the desk's proxies, the tellers' check of a
delegate's paper ballot)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _


class DelegateChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A delegate, shown with their organization (and, with `show_presence`, whether they are
    present: the queryset then selects their attendance)."""

    def __init__(self, *args: Any, show_presence: bool = False, **kwargs: Any) -> None:
        self.show_presence = show_presence
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: Any) -> str:
        organization = obj.organization
        short = (organization.acronym or organization.name) if organization else ""
        label = f"{obj.display_name} ({short})" if short else obj.display_name
        if self.show_presence:
            attendance = getattr(obj, "attendance", None)
            if attendance is not None and attendance.present:
                return f"{label} · {_('present')}"
        return label
