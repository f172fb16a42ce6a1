from __future__ import annotations

from django import template
from django.utils.safestring import SafeString
from django.utils.translation import get_language_info

from alyansa.core.markdown import render_markdown
from alyansa.statements.models import Statement

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
def issuer_label(statement: Statement) -> str:
    return str(statement.issuer_display())
