"""Text kept on a row once per language, as {"ar": "...", "tl": "..."} (the names of topics,
occasions, bodies and seats; a body's description): the form fields that edit it, one per
language of the site, and the cleaning that services apply before they save it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alyansa.core.text import single_line


def per_language(
    values: Mapping[str, Any] | None, *, max_length: int, default: str = "", one_line: bool = True
) -> dict[str, str]:
    """The values in the site's languages, trimmed (spaces folded for one-line text), sorted by
    language code. An empty value, or one equal to `default` (shown anyway), is left out; a
    language the site does not have is refused, so that nothing is kept that no one can see."""
    known = {code for code, _name in settings.LANGUAGES}
    cleaned = {}
    for code, value in (values or {}).items():
        text = (single_line(str(value)) if one_line else str(value).strip())[:max_length]
        if code not in known:
            raise ValidationError(_("%(code)s is not a language of this site.") % {"code": code})
        if text and text != default:
            cleaned[code] = text
    return dict(sorted(cleaned.items()))


def add_language_fields(
    form: forms.BaseForm,
    prefix: str,
    label: Any,
    *,
    max_length: int,
    initial: Mapping[str, str] | None = None,
    textarea: bool = False,
) -> None:
    """One optional field per language of the site, named `<prefix>_<code>`. `label` is a
    (lazy) translatable text with `%(language)s` in it, such as "Name in %(language)s"."""
    for code, language in settings.LANGUAGES:
        attrs = {"lang": code, "dir": "auto"}
        form.fields[f"{prefix}_{code}"] = forms.CharField(
            label=label % {"language": language},
            max_length=max_length,
            required=False,
            initial=(initial or {}).get(code),
            widget=forms.Textarea(attrs={**attrs, "rows": 3})
            if textarea
            else forms.TextInput(attrs),
        )


def language_values(form: forms.BaseForm, prefix: str) -> dict[str, str]:
    """What the fields added by add_language_fields hold, by language code (empty ones left
    out)."""
    return {
        code: form.cleaned_data[f"{prefix}_{code}"]
        for code, _language in settings.LANGUAGES
        if form.cleaned_data.get(f"{prefix}_{code}")
    }


def default_name_field(max_length: int) -> forms.CharField:
    """The name shown in a language that has none of its own (see add_name_fields)."""
    return forms.CharField(
        label=gettext_lazy("Name"),
        max_length=max_length,
        help_text=gettext_lazy("Shown in every language that has no name of its own below."),
    )


def add_name_fields(
    form: forms.BaseForm, *, max_length: int, names: Mapping[str, str] | None = None
) -> None:
    """A field `name_<code>` for the name in each language of the site (language_values(form,
    "name") reads them back), beside a default_name_field."""
    add_language_fields(
        form, "name", gettext_lazy("Name in %(language)s"), max_length=max_length, initial=names
    )
