from __future__ import annotations

from django import template
from django.conf import settings
from django.utils.safestring import SafeString
from django.utils.translation import get_language_info

from alyansa.core.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text: str) -> SafeString:
    return render_markdown(text)


@register.filter
def language_name(code: str) -> str:
    """The language's own name (العربية, Español), for links between translations."""
    try:
        return str(get_language_info(code)["name_local"])
    except KeyError:
        return code


@register.simple_tag
def issuer_label(statement) -> str:  # type: ignore[no-untyped-def]
    if statement.issuer_name:
        return statement.issuer_name
    if statement.issuer_chapter_id:
        return statement.issuer_chapter.name
    if statement.issuer_kind == "joint":
        return ", ".join(o.name for o in statement.issuer_organizations.all())
    if statement.issuer_kind == "alliance":
        return settings.ALYANSA_SITE_NAME
    return str(statement.get_issuer_kind_display())
